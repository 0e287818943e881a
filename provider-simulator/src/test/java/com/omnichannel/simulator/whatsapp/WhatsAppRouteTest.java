package com.omnichannel.simulator.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.omnichannel.simulator.StubApiTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The WhatsApp Cloud API route: Meta's send, its errors, and its signed webhooks. */
class WhatsAppRouteTest extends StubApiTest {

  static final String SEND_PATH = "/whatsapp/v23.0/" + PHONE_NUMBER_ID + "/messages";
  static final String WEBHOOK_PATH = "/webhooks/whatsapp/" + WHATSAPP_CHANNEL;
  static final String STATUS = "/entry/0/changes/0/value/statuses/0";

  @Test
  void sendWithTheAccessTokenIsAnsweredLikeMetaThenSentDeliveredAndReadArePostedSigned()
      throws Exception {
    String text = "Your order ships today " + UUID.randomUUID();

    HttpResponse<String> response = send(ACCESS_TOKEN, textTo("+1 555 000-1122", text));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = json.readTree(response.body());
    assertThat(answer.get("messaging_product").asString()).isEqualTo("whatsapp");
    assertThat(answer.at("/contacts/0/input").asString()).isEqualTo("+1 555 000-1122");
    assertThat(answer.at("/contacts/0/wa_id").asString()).isEqualTo("15550001122");
    String wamid = answer.at("/messages/0/id").asString();
    assertThat(wamid).startsWith("wamid.").hasSizeGreaterThan(40);
    await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
    List<LoggedRequest> posts = statusesOf(wamid);
    long sentAt = Instant.now().getEpochSecond();
    assertThat(posts)
        .extracting(post -> json.readTree(post.getBodyAsString()).at(STATUS + "/status").asString())
        .containsExactly("sent", "delivered", "read");
    for (LoggedRequest post : posts) {
      assertThat(post.getHeader("X-Hub-Signature-256"))
          .isEqualTo(metaSignature(APP_SECRET, post.getBody()));
      JsonNode webhook = json.readTree(post.getBodyAsString());
      assertThat(webhook.get("object").asString()).isEqualTo("whatsapp_business_account");
      assertThat(webhook.at("/entry/0/id").asString()).isNotBlank();
      assertThat(webhook.at("/entry/0/changes/0/field").asString()).isEqualTo("messages");
      JsonNode value = webhook.at("/entry/0/changes/0/value");
      assertThat(value.get("messaging_product").asString()).isEqualTo("whatsapp");
      assertThat(value.at("/metadata/phone_number_id").asString()).isEqualTo(PHONE_NUMBER_ID);
      assertThat(value.at("/metadata/display_phone_number").asString()).matches("[0-9]+");
      JsonNode status = value.at("/statuses/0");
      assertThat(status.get("recipient_id").asString()).isEqualTo("15550001122");
      assertThat(Long.parseLong(status.get("timestamp").asString()))
          .isBetween(sentAt - 60, sentAt + 1);
    }
    JsonNode sent = json.readTree(posts.get(0).getBodyAsString()).at(STATUS);
    assertThat(sent.at("/conversation/origin/type").asString()).isEqualTo("service");
    assertThat(sent.at("/conversation/expiration_timestamp").asString()).matches("[0-9]+");
    assertThat(sent.at("/pricing/category").asString()).isEqualTo("service");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(listed(wamid))
                    .containsEntry("provider", "whatsapp_cloud")
                    .containsEntry("channel_id", 3)
                    .containsEntry("to", "+1 555 000-1122")
                    .containsEntry("text", text)
                    .containsEntry("statuses_posted", List.of("sent", "delivered", "read")));
  }

  @Test
  void aMessageIdLooksLikeMetasAndCarriesTheRecipient() {
    String wamid = WhatsAppWebhooks.newMessageId("15550001122");

    assertThat(wamid)
        .startsWith("wamid.")
        .isNotEqualTo(WhatsAppWebhooks.newMessageId("15550001122"));
    String record =
        new String(Base64.getDecoder().decode(wamid.substring(6)), StandardCharsets.US_ASCII);
    assertThat(record).contains("15550001122");
  }

  @Test
  void wrongOrMissingTokenOrAnUnknownNumberIsRefusedWithMetasOAuthError() throws Exception {
    String body = textTo("+15550001122", "hello");

    List<HttpResponse<String>> refused =
        List.of(
            send("not-the-token", body),
            postToSimulator(SEND_PATH, "application/json", body),
            postToSimulator(
                "/whatsapp/v23.0/999999999/messages",
                "application/json",
                body,
                "Authorization",
                "Bearer " + ACCESS_TOKEN));

    for (HttpResponse<String> response : refused) {
      assertThat(response.statusCode()).isEqualTo(401);
      JsonNode error = json.readTree(response.body()).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(190);
      assertThat(error.get("type").asString()).isEqualTo("OAuthException");
      assertThat(error.get("message").asString())
          .isEqualTo("Invalid OAuth access token - Cannot parse access token");
      assertThat(error.get("fbtrace_id").asString()).isNotBlank();
    }
  }

  @Test
  void aSendThatMissesAParameterIsRefusedWithMetasInvalidParameterError() throws Exception {
    List<HttpResponse<String>> refused =
        List.of(
            send(ACCESS_TOKEN, "{\"messaging_product\":\"whatsapp\",\"type\":\"text\"}"),
            send(
                ACCESS_TOKEN,
                "{\"messaging_product\":\"whatsapp\",\"to\":\"+15550001122\",\"type\":\"text\"}"),
            send(ACCESS_TOKEN, "not json"));

    for (HttpResponse<String> response : refused) {
      assertThat(response.statusCode()).isEqualTo(400);
      JsonNode error = json.readTree(response.body()).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(100);
      assertThat(error.get("message").asString()).contains("Invalid parameter");
    }
    assertThat(json.readTree(refused.get(1).body()).at("/error/error_data/details").asString())
        .contains("text['body']");
  }

  @Test
  void aCustomerMessageIsPostedAsMetasSignedInboundWebhook() throws Exception {
    String text = "Hi, is my order on its way? " + UUID.randomUUID();

    HttpResponse<String> response =
        postToSimulator(
            "/customers/whatsapp/" + WHATSAPP_CHANNEL,
            "application/json",
            json.writeValueAsString(Map.of("from", "+15551234567", "name", "Ana", "text", text)));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = json.readTree(response.body());
    assertThat(answer.get("api_status").asInt()).isEqualTo(200);
    String wamid = answer.get("id").asString();
    assertThat(wamid).startsWith("wamid.");
    LoggedRequest post =
        postedTo(WEBHOOK_PATH).stream()
            .filter(request -> request.getBodyAsString().contains(wamid))
            .findFirst()
            .orElseThrow();
    assertThat(post.getHeader("X-Hub-Signature-256"))
        .isEqualTo(metaSignature(APP_SECRET, post.getBody()));
    JsonNode value = json.readTree(post.getBodyAsString()).at("/entry/0/changes/0/value");
    assertThat(value.at("/metadata/phone_number_id").asString()).isEqualTo(PHONE_NUMBER_ID);
    assertThat(value.at("/contacts/0/profile/name").asString()).isEqualTo("Ana");
    assertThat(value.at("/contacts/0/wa_id").asString()).isEqualTo("15551234567");
    JsonNode message = value.at("/messages/0");
    assertThat(message.get("from").asString()).isEqualTo("15551234567");
    assertThat(message.get("id").asString()).isEqualTo(wamid);
    assertThat(message.get("timestamp").asString()).matches("[0-9]{10}");
    assertThat(message.get("type").asString()).isEqualTo("text");
    assertThat(message.at("/text/body").asString()).isEqualTo(text);
  }

  @Test
  void aCustomerMessageAnswersWhatTheApiAnswered() throws Exception {
    api.stubFor(
        post(urlEqualTo(WEBHOOK_PATH))
            .withRequestBody(containing("refused-by-the-api"))
            .willReturn(unauthorized()));

    HttpResponse<String> response =
        postToSimulator(
            "/customers/whatsapp/" + WHATSAPP_CHANNEL,
            "application/json",
            "{\"from\":\"+15551234567\",\"text\":\"refused-by-the-api\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("api_status").asInt()).isEqualTo(401);
  }

  @Test
  void aCustomerMessageToAChannelWithoutAccountOrWithoutTextIsRefused() throws Exception {
    assertThat(
            postToSimulator(
                    "/customers/whatsapp/99",
                    "application/json",
                    "{\"from\":\"+15551234567\",\"text\":\"hi\"}")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            postToSimulator(
                    "/customers/whatsapp/" + WHATSAPP_CHANNEL,
                    "application/json",
                    "{\"from\":\"+15551234567\"}")
                .statusCode())
        .isEqualTo(400);
  }

  private HttpResponse<String> send(String token, String body) throws Exception {
    return postToSimulator(SEND_PATH, "application/json", body, "Authorization", "Bearer " + token);
  }

  private String textTo(String to, String text) {
    return json.writeValueAsString(
        Map.of(
            "messaging_product",
            "whatsapp",
            "recipient_type",
            "individual",
            "to",
            to,
            "type",
            "text",
            "text",
            Map.of("body", text)));
  }

  private List<LoggedRequest> statusesOf(String wamid) {
    return postedTo(WEBHOOK_PATH).stream()
        .filter(
            post ->
                json.readTree(post.getBodyAsString()).at(STATUS + "/id").asString("").equals(wamid))
        .toList();
  }
}
