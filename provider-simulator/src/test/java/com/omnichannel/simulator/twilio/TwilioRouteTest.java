package com.omnichannel.simulator.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.omnichannel.simulator.StubApiTest;
import com.twilio.security.RequestValidator;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Twilio route: the Messages API's send, its errors, and its signed status callbacks and
 * inbound forms, checked with a signature of the test's own and with Twilio's own {@link
 * RequestValidator}.
 */
class TwilioRouteTest extends StubApiTest {

  static final String SEND_PATH = "/twilio/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
  final RequestValidator twilio = new RequestValidator(AUTH_TOKEN);

  @Test
  void sendWithTheAccountsCredentialsIsAnsweredWithTheMessageResourceThenStatusesAreSigned()
      throws Exception {
    String callbackPath =
        "/webhooks/twilio/" + TWILIO_CHANNEL + "/status?attempt=" + UUID.randomUUID();
    String callback = api.baseUrl() + callbackPath;
    String text = "Your table is booked & confirmed " + UUID.randomUUID();

    HttpResponse<String> response =
        send(
            ACCOUNT_SID + ":" + AUTH_TOKEN,
            Map.of(
                "To",
                "+15550001122",
                "From",
                TWILIO_NUMBER,
                "Body",
                text,
                "StatusCallback",
                callback));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode message = json.readTree(response.body());
    String sid = message.get("sid").asString();
    assertThat(sid).matches("SM[0-9a-f]{32}");
    assertThat(message.get("account_sid").asString()).isEqualTo(ACCOUNT_SID);
    assertThat(message.get("to").asString()).isEqualTo("+15550001122");
    assertThat(message.get("from").asString()).isEqualTo(TWILIO_NUMBER);
    assertThat(message.get("body").asString()).isEqualTo(text);
    assertThat(message.get("status").asString()).isEqualTo("queued");
    assertThat(message.get("direction").asString()).isEqualTo("outbound-api");
    assertThat(message.get("date_created").asString())
        .matches("[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} \\+0000");
    assertThat(message.get("uri").asString())
        .isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + ".json");
    await().atMost(Duration.ofSeconds(10)).until(() -> postedTo(callbackPath).size() == 2);
    List<LoggedRequest> posts = postedTo(callbackPath);
    assertThat(posts)
        .extracting(post -> form(post.getBodyAsString()).get("MessageStatus"))
        .containsExactly("sent", "delivered");
    for (LoggedRequest post : posts) {
      Map<String, String> form = form(post.getBodyAsString());
      assertThat(form)
          .containsEntry("MessageSid", sid)
          .containsEntry("SmsSid", sid)
          .containsEntry("AccountSid", ACCOUNT_SID)
          .containsEntry("From", TWILIO_NUMBER)
          .containsEntry("To", "+15550001122")
          .containsEntry("SmsStatus", form.get("MessageStatus"))
          .containsEntry("ApiVersion", "2010-04-01");
      String signature = post.getHeader("X-Twilio-Signature");
      assertThat(signature).isEqualTo(twilioSignature(AUTH_TOKEN, callback, form));
      assertThat(twilio.validate(callback, form, signature)).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(listed(sid))
                    .containsEntry("provider", "twilio")
                    .containsEntry("channel_id", 4)
                    .containsEntry("statuses_posted", List.of("sent", "delivered")));
  }

  @Test
  void aWhatsAppRecipientIsAlsoReportedRead() throws Exception {
    String callbackPath = "/twilio-status/" + UUID.randomUUID();

    HttpResponse<String> response =
        send(
            ACCOUNT_SID + ":" + AUTH_TOKEN,
            Map.of(
                "To",
                "whatsapp:+15550001122",
                "From",
                "whatsapp:" + TWILIO_NUMBER,
                "Body",
                "Hello",
                "StatusCallback",
                api.baseUrl() + callbackPath));

    assertThat(response.statusCode()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> postedTo(callbackPath).size() == 3);
    assertThat(postedTo(callbackPath))
        .extracting(post -> form(post.getBodyAsString()).get("MessageStatus"))
        .containsExactly("sent", "delivered", "read");
  }

  @Test
  void aSendThroughAMessagingServiceIsAcceptedWithoutASender() throws Exception {
    String service = "MG" + "0".repeat(31) + "9";

    HttpResponse<String> response =
        send(
            ACCOUNT_SID + ":" + AUTH_TOKEN,
            Map.of("To", "+15550001122", "MessagingServiceSid", service, "Body", "Hello"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode message = json.readTree(response.body());
    assertThat(message.get("status").asString()).isEqualTo("accepted");
    assertThat(message.get("messaging_service_sid").asString()).isEqualTo(service);
    assertThat(message.get("from").isNull()).isTrue();
  }

  @Test
  void wrongOrMissingCredentialsAreRefusedWithTwiliosAuthenticateError() throws Exception {
    Map<String, String> sms = Map.of("To", "+15550001122", "From", TWILIO_NUMBER, "Body", "Hi");
    String otherAccount = "AC" + "f".repeat(32);

    List<HttpResponse<String>> refused =
        List.of(
            send(ACCOUNT_SID + ":not-the-token", sms),
            send(null, sms),
            send(otherAccount + ":" + AUTH_TOKEN, sms),
            postToSimulator(
                "/twilio/2010-04-01/Accounts/" + otherAccount + "/Messages.json",
                "application/x-www-form-urlencoded",
                encode(sms),
                "Authorization",
                basic(ACCOUNT_SID + ":" + AUTH_TOKEN)));

    for (HttpResponse<String> response : refused) {
      assertThat(response.statusCode()).isEqualTo(401);
      JsonNode error = json.readTree(response.body());
      assertThat(error.get("code").asInt()).isEqualTo(20003);
      assertThat(error.get("message").asString()).isEqualTo("Authenticate");
      assertThat(error.get("more_info").asString())
          .isEqualTo("https://www.twilio.com/docs/errors/20003");
      assertThat(error.get("status").asInt()).isEqualTo(401);
    }
  }

  @Test
  void aSendMissingAParameterIsRefusedWithTwiliosCodeForIt() throws Exception {
    String credentials = ACCOUNT_SID + ":" + AUTH_TOKEN;

    assertThat(codeOf(send(credentials, Map.of("From", TWILIO_NUMBER, "Body", "Hi"))))
        .isEqualTo(21604);
    assertThat(codeOf(send(credentials, Map.of("To", "+15550001122", "Body", "Hi"))))
        .isEqualTo(21603);
    assertThat(codeOf(send(credentials, Map.of("To", "+15550001122", "From", TWILIO_NUMBER))))
        .isEqualTo(21602);
    assertThat(
            codeOf(
                send(
                    credentials,
                    Map.of("To", "+15550001122", "From", "+15009999999", "Body", "Hi"))))
        .isEqualTo(21606);
    assertThat(
            codeOf(
                send(
                    credentials,
                    Map.of(
                        "To", "+15550001122",
                        "From", TWILIO_NUMBER,
                        "Body", "Hi",
                        "StatusCallback", "file:///etc/passwd"))))
        .isEqualTo(21609);
  }

  @Test
  void aCustomerTextIsPostedAsTwiliosInboundFormSignedOverThePublicUrl() throws Exception {
    String text = "Can I change my booking? " + UUID.randomUUID();

    HttpResponse<String> response =
        postToSimulator(
            "/customers/twilio/" + TWILIO_CHANNEL,
            "application/json",
            json.writeValueAsString(Map.of("from", "+15551234567", "text", text)));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = json.readTree(response.body());
    assertThat(answer.get("api_status").asInt()).isEqualTo(200);
    String sid = answer.get("id").asString();
    assertThat(sid).matches("SM[0-9a-f]{32}");
    LoggedRequest post = inboundWith(sid);
    assertThat(post.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    Map<String, String> form = form(post.getBodyAsString());
    assertThat(form)
        .containsEntry("MessageSid", sid)
        .containsEntry("SmsMessageSid", sid)
        .containsEntry("AccountSid", ACCOUNT_SID)
        .containsEntry("From", "+15551234567")
        .containsEntry("To", TWILIO_NUMBER)
        .containsEntry("Body", text)
        .containsEntry("NumMedia", "0")
        .containsEntry("NumSegments", "1")
        .containsEntry("ApiVersion", "2010-04-01")
        .doesNotContainKey("WaId");
    String signedUrl = PUBLIC_BASE_URL + "/webhooks/twilio/" + TWILIO_CHANNEL;
    String signature = post.getHeader("X-Twilio-Signature");
    assertThat(signature).isEqualTo(twilioSignature(AUTH_TOKEN, signedUrl, form));
    assertThat(twilio.validate(signedUrl, form, signature)).isTrue();
  }

  @Test
  void aWhatsAppCustomerWritesToTheNumbersWhatsAppAddressWithTheirProfile() throws Exception {
    HttpResponse<String> response =
        postToSimulator(
            "/customers/twilio/" + TWILIO_CHANNEL,
            "application/json",
            "{\"from\":\"whatsapp:+15551234567\",\"name\":\"Ana\",\"text\":\"hi\"}");

    Map<String, String> form =
        form(inboundWith(json.readTree(response.body()).get("id").asString()).getBodyAsString());
    assertThat(form)
        .containsEntry("From", "whatsapp:+15551234567")
        .containsEntry("To", "whatsapp:" + TWILIO_NUMBER)
        .containsEntry("ProfileName", "Ana")
        .containsEntry("WaId", "15551234567");
  }

  private LoggedRequest inboundWith(String sid) {
    return postedTo("/webhooks/twilio/" + TWILIO_CHANNEL).stream()
        .filter(request -> sid.equals(form(request.getBodyAsString()).get("MessageSid")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no inbound form with " + sid));
  }

  private int codeOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    return json.readTree(response.body()).get("code").asInt();
  }

  private HttpResponse<String> send(String credentials, Map<String, String> form) throws Exception {
    return credentials == null
        ? postToSimulator(SEND_PATH, "application/x-www-form-urlencoded", encode(form))
        : postToSimulator(
            SEND_PATH,
            "application/x-www-form-urlencoded",
            encode(form),
            "Authorization",
            basic(credentials));
  }

  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(Map<String, String> form) {
    return new LinkedHashMap<>(form)
        .entrySet().stream()
            .map(
                field ->
                    field.getKey()
                        + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
  }
}
