package com.omnichannel.gateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.omnichannel.gateway.delivery.ProviderClientTest.attempt;
import static com.omnichannel.gateway.delivery.ProviderClientTest.client;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.ProviderCredentials;
import com.omnichannel.contracts.SecretBox;
import com.omnichannel.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * One attempt to each provider's API against a stub of it, without Kafka: where the request goes,
 * with which headers and body, with the credentials it carries sealed, and what never shows.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderApisTest {

  static final long MESSAGE = 4242;
  static final String WHATSAPP_PATH = "/whatsapp/v23.0/106540352242922/messages";
  static final String TWILIO_PATH =
      "/twilio/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json";
  static final String BOT_TOKEN = "123456789:demo-telegram-bot-token";
  static final String TELEGRAM_PATH = "/telegram/bot" + BOT_TOKEN + "/sendMessage";
  static final String TELEGRAM_SHOWN_PATH = "/telegram/bot<bot_token>/sendMessage";

  WireMockServer provider;

  @BeforeEach
  void startProvider() {
    provider = new WireMockServer(options().dynamicPort());
    provider.start();
  }

  @AfterEach
  void stopProvider() {
    provider.stop();
  }

  @Test
  void aWhatsAppSendGoesToItsGraphUrlWithTheBearerTokenAndMetasJson() {
    provider.stubFor(post(WHATSAPP_PATH).willReturn(okJson(WhatsAppAnswersTest.SENT)));
    String body =
        "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\","
            + "\"to\":\"15550001122\",\"type\":\"text\",\"text\":{\"body\":\"Olá, ação ✓\"}}";
    var request =
        request(
            "whatsapp_cloud",
            url(WHATSAPP_PATH),
            null,
            body,
            sealed("{\"authorization\":\"Bearer demo-whatsapp-access-token\",\"url\":null}"));

    Attempt attempt = attempt(client(true), request);

    assertThat(attempt)
        .isEqualTo(Attempt.sent(200, "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"));
    LoggedRequest sent = onlyRequest();
    assertThat(sent.getUrl()).isEqualTo(WHATSAPP_PATH);
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer demo-whatsapp-access-token");
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(sent.getBody()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    assertThat(sent.getHeader("User-Agent")).isEqualTo(ProviderClient.USER_AGENT);
    assertThat(sent.getHeader("X-Correlation-Id")).isEqualTo("corr-" + MESSAGE);
    assertNoGenericHeaders(sent);
  }

  @Test
  void aTwilioSendGoesAsAFormWithBasicAuthentication() {
    provider.stubFor(
        post(TWILIO_PATH)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(TwilioAnswersTest.CREATED)));
    String body =
        "To=%2B15550001122&From=%2B15005550006&Body=Ol%C3%A1+there"
            + "&StatusCallback=http%3A%2F%2F127.0.0.1%3A8000%2Fwebhooks%2Ftwilio%2F4%2Fstatus";
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    "AC00000000000000000000000000000001:demo-twilio-auth-token"
                        .getBytes(StandardCharsets.UTF_8));
    var request =
        request(
            "twilio",
            url(TWILIO_PATH),
            "application/x-www-form-urlencoded",
            body,
            sealed("{\"authorization\":\"" + basic + "\",\"url\":null}"));

    Attempt attempt = attempt(client(true), request);

    assertThat(attempt).isEqualTo(Attempt.sent(201, "SM1f0e8ae6ade43cb3c0ce4525424e404f"));
    LoggedRequest sent = onlyRequest();
    assertThat(sent.getUrl()).isEqualTo(TWILIO_PATH);
    assertThat(sent.getHeader("Authorization")).isEqualTo(basic);
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(sent.getBodyAsString()).isEqualTo(body);
    assertNoGenericHeaders(sent);
  }

  @Test
  void aTelegramSendGoesToTheSealedUrlWithTheTokenInItsPath() {
    provider.stubFor(post(TELEGRAM_PATH).willReturn(okJson(TelegramAnswersTest.SENT)));
    String body = "{\"chat_id\":987654321,\"text\":\"Your order is on its way\"}";
    var request =
        request(
            "telegram",
            url(TELEGRAM_SHOWN_PATH),
            null,
            body,
            sealed("{\"authorization\":null,\"url\":\"" + url(TELEGRAM_PATH) + "\"}"));

    Attempt attempt = attempt(client(true), request);

    assertThat(attempt).isEqualTo(Attempt.sent(200, "5172"));
    LoggedRequest sent = onlyRequest();
    assertThat(sent.getUrl()).isEqualTo(TELEGRAM_PATH);
    assertThat(sent.containsHeader("Authorization")).isFalse();
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(sent.getBodyAsString()).isEqualTo(body);
    assertNoGenericHeaders(sent);
  }

  @Test
  void aRefusedTelegramSendIsLoggedWithTheOutboundUrlAndNeverTheToken(CapturedOutput output) {
    provider.stubFor(
        post(TELEGRAM_PATH)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"ok\":false,\"error_code\":403,"
                            + "\"description\":\"Forbidden: bot was blocked by the user\"}")));
    var request =
        request(
            "telegram",
            url(TELEGRAM_SHOWN_PATH),
            null,
            "{\"chat_id\":987654321,\"text\":\"hi\"}",
            sealed("{\"authorization\":null,\"url\":\"" + url(TELEGRAM_PATH) + "\"}"));

    Attempt attempt = attempt(client(true), request);

    assertThat(attempt)
        .isEqualTo(
            Attempt.rejected(
                403,
                "Telegram error 403: Forbidden (the bot was blocked or cannot write to the chat)"));
    assertThat(onlyRequest().getUrl()).isEqualTo(TELEGRAM_PATH);
    assertThat(output.getOut())
        .contains("Message " + MESSAGE + " attempt 1 to " + url(TELEGRAM_SHOWN_PATH) + " rejected")
        .doesNotContain(BOT_TOKEN);
  }

  @Test
  void credentialsSealedUnderAnotherKeyAreRejectedWithoutARequestOrTheSecret(
      CapturedOutput output) {
    provider.stubFor(post(WHATSAPP_PATH).willReturn(okJson(WhatsAppAnswersTest.SENT)));
    SecretBox otherKey = SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));
    String sealed =
        otherKey.seal(
            "{\"authorization\":\"Bearer demo-whatsapp-access-token\",\"url\":null}",
            ProviderCredentials.context(MESSAGE));
    var request = request("whatsapp_cloud", url(WHATSAPP_PATH), null, "{}", sealed);

    Attempt attempt = attempt(client(true), request);

    assertThat(attempt.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(attempt.httpStatus()).isNull();
    assertThat(attempt.error())
        .contains("credentials do not open", "OMNI_SECRETS_KEY")
        .doesNotContain(sealed, "demo-whatsapp-access-token");
    assertThat(provider.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    assertThat(output.getOut())
        .contains("Message " + MESSAGE + " attempt 1 to " + url(WHATSAPP_PATH))
        .doesNotContain(sealed, "demo-whatsapp-access-token");
  }

  @Test
  void theAddressCheckJudgesTheSealedUrlThatIsPostedTo() {
    provider.stubFor(post(anyUrl()).willReturn(okJson(TelegramAnswersTest.SENT)));
    // The outbound_url is the stub's (loopback, allowed here); the sealed URL is the metadata
    // service's, which is refused always.
    var request =
        request(
            "telegram",
            url(TELEGRAM_SHOWN_PATH),
            null,
            "{\"chat_id\":1,\"text\":\"hi\"}",
            sealed(
                "{\"authorization\":null,"
                    + "\"url\":\"http://169.254.169.254/bot"
                    + BOT_TOKEN
                    + "/sendMessage\"}"));

    Attempt attempt = attempt(client(true), request);

    assertThat(attempt.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(attempt.httpStatus()).isNull();
    assertThat(attempt.error()).contains("link-local").doesNotContain(BOT_TOKEN);
    assertThat(provider.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void anAuthorizationTheHttpClientRefusesIsRejectedWithoutShowingIt() {
    provider.stubFor(post(WHATSAPP_PATH).willReturn(okJson(WhatsAppAnswersTest.SENT)));
    var request =
        request(
            "whatsapp_cloud",
            url(WHATSAPP_PATH),
            null,
            "{}",
            sealed("{\"authorization\":\"Bearer EAAG-secret\\r\\nX-Injected: 1\",\"url\":null}"));

    Attempt attempt = attempt(client(true), request);

    assertThat(attempt)
        .isEqualTo(Attempt.rejected(null, "the Authorization header's value is not valid"));
    assertThat(provider.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aGenericRequestIsTodaysWhateverItCarriesBeside() {
    provider.stubFor(post("/hook").willReturn(okJson("{\"id\":\"prov-1\"}")));
    var request =
        OutboundMessageRequested.of(
            Instant.now(),
            1,
            7,
            MESSAGE,
            1,
            1,
            url("/hook"),
            "{\"text\":\"hi\"}",
            "sha256=0123456789abcdef",
            "corr-" + MESSAGE,
            "generic",
            "text/plain",
            sealed("{\"authorization\":\"Bearer unused\",\"url\":\"http://169.254.169.254/\"}"));

    Attempt attempt = attempt(client(true), request);

    assertThat(attempt).isEqualTo(Attempt.sent(200, "prov-1"));
    LoggedRequest sent = onlyRequest();
    assertThat(sent.getUrl()).isEqualTo("/hook");
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(sent.getHeader("Idempotency-Key")).isEqualTo(Long.toString(MESSAGE));
    assertThat(sent.getHeader("X-Hub-Signature-256")).isEqualTo("sha256=0123456789abcdef");
    assertThat(sent.containsHeader("Authorization")).isFalse();
  }

  static void assertNoGenericHeaders(LoggedRequest sent) {
    assertThat(sent.containsHeader("Idempotency-Key")).isFalse();
    assertThat(sent.containsHeader("X-Hub-Signature-256")).isFalse();
  }

  LoggedRequest onlyRequest() {
    List<LoggedRequest> all = provider.findAll(anyRequestedFor(anyUrl()));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  static String sealed(String credentials) {
    return TestSecrets.BOX.seal(credentials, ProviderCredentials.context(MESSAGE));
  }

  /**
   * A provider's request as the API renders it; it also carries a signature, which a provider's API
   * must not get.
   */
  static OutboundMessageRequested request(
      String provider, String outboundUrl, String contentType, String body, String sealed) {
    return OutboundMessageRequested.of(
        Instant.now(),
        1,
        7,
        MESSAGE,
        3,
        1,
        outboundUrl,
        body,
        "sha256=not-for-providers",
        "corr-" + MESSAGE,
        provider,
        contentType,
        sealed);
  }

  String url(String path) {
    return "http://127.0.0.1:" + provider.port() + path;
  }
}
