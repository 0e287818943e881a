package com.omnichannel.simulator;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator with the demo's provider accounts, against a stand-in for the API that takes every
 * webhook. The provider routes' tests share it, and so one simulator. Signatures are checked here
 * with HMACs of the tests' own, not with the simulator's code.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=" + SimulatorApplication.CONFIG_NAME,
      "SIMULATOR_STATUS_DELAY=50ms",
      "SIMULATOR_WHATSAPP_ACCOUNTS="
          + StubApiTest.WHATSAPP_CHANNEL
          + "|"
          + StubApiTest.PHONE_NUMBER_ID
          + "|"
          + StubApiTest.ACCESS_TOKEN
          + "|"
          + StubApiTest.APP_SECRET,
      "SIMULATOR_TWILIO_ACCOUNTS="
          + StubApiTest.TWILIO_CHANNEL
          + "|"
          + StubApiTest.ACCOUNT_SID
          + "|"
          + StubApiTest.AUTH_TOKEN
          + "|"
          + StubApiTest.TWILIO_NUMBER,
      "SIMULATOR_TELEGRAM_BOTS="
          + StubApiTest.TELEGRAM_CHANNEL
          + "|"
          + StubApiTest.BOT_TOKEN
          + "|"
          + StubApiTest.SECRET_TOKEN,
      "OMNI_PUBLIC_BASE_URL=" + StubApiTest.PUBLIC_BASE_URL
    })
public abstract class StubApiTest {

  public static final long WHATSAPP_CHANNEL = 3;
  public static final String PHONE_NUMBER_ID = "106540352242922";
  public static final String ACCESS_TOKEN = "demo-whatsapp-access-token";
  public static final String APP_SECRET = "demo-whatsapp-app-secret";
  public static final long TWILIO_CHANNEL = 4;
  public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
  public static final String AUTH_TOKEN = "demo-twilio-auth-token";
  public static final String TWILIO_NUMBER = "+15005550006";
  public static final long TELEGRAM_CHANNEL = 5;
  public static final String BOT_TOKEN = "123456789:demo-telegram-bot-token";
  public static final String SECRET_TOKEN = "demo-telegram-secret-token";

  /**
   * The API's URL as the providers would reach it, other than the stub's, so that a Twilio
   * signature over the URL posted to instead would not pass.
   */
  public static final String PUBLIC_BASE_URL = "https://omni.example.test";

  protected static final WireMockServer api = new WireMockServer(options().dynamicPort());

  static {
    api.start();
    // Not stopped after a class: the subclasses share it, as they share the simulator.
    Runtime.getRuntime().addShutdownHook(new Thread(api::stop));
  }

  @DynamicPropertySource
  static void apiUrl(DynamicPropertyRegistry registry) {
    registry.add("OMNI_API_URL", api::baseUrl);
  }

  @LocalServerPort protected int port;
  @Autowired protected JsonMapper json;
  protected final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void apiTakesEveryWebhook() {
    api.stubFor(post(urlMatching("/.*")).atPriority(10).willReturn(ok()));
  }

  /** A POST to the simulator; {@code headers} in name, value pairs. */
  protected HttpResponse<String> postToSimulator(
      String path, String contentType, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** What the stand-in API was posted at {@code path}, in the order it came. */
  protected static List<LoggedRequest> postedTo(String path) {
    return api.findAll(postRequestedFor(urlEqualTo(path)));
  }

  /** The simulator's {@code GET /messages} entry of the send with this provider message id. */
  protected Map<String, Object> listed(String providerMessageId) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages")).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> listing = json.readValue(response.body(), List.class);
    return listing.stream()
        .filter(entry -> providerMessageId.equals(entry.get("provider_message_id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(providerMessageId + " is not listed"));
  }

  /** Meta's {@code X-Hub-Signature-256} of a body, computed here. */
  protected static String metaSignature(String appSecret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", appSecret, body));
  }

  /** Twilio's {@code X-Twilio-Signature}, computed here: url, then the sorted names and values. */
  protected static String twilioSignature(String authToken, String url, Map<String, String> form) {
    StringBuilder signed = new StringBuilder(url);
    new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
    return Base64.getEncoder()
        .encodeToString(
            hmac("HmacSHA1", authToken, signed.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** A form body's fields, decoded. */
  protected static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  private static byte[] hmac(String algorithm, String key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
