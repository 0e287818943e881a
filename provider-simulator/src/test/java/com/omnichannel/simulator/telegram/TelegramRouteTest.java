package com.omnichannel.simulator.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.omnichannel.simulator.StubApiTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Telegram route: the Bot API's sendMessage, its errors, and the updates a user makes. */
class TelegramRouteTest extends StubApiTest {

  static final String SEND_PATH = "/telegram/bot" + BOT_TOKEN + "/sendMessage";
  static final String WEBHOOK_PATH = "/webhooks/telegram/" + TELEGRAM_CHANNEL;

  @Test
  void sendMessageWithTheBotsTokenIsAnsweredWithTheMessageItBecame() throws Exception {
    String text = "Your parcel is at the door " + UUID.randomUUID();

    HttpResponse<String> first =
        postToSimulator(
            SEND_PATH, "application/json", "{\"chat_id\": 987654321, \"text\": \"" + text + "\"}");
    HttpResponse<String> second =
        postToSimulator(
            SEND_PATH, "application/json", "{\"chat_id\": \"987654321\", \"text\": \"again\"}");

    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode answer = json.readTree(first.body());
    assertThat(answer.get("ok").asBoolean()).isTrue();
    JsonNode message = answer.get("result");
    assertThat(message.at("/from/id").asLong()).isEqualTo(123456789L);
    assertThat(message.at("/from/is_bot").asBoolean()).isTrue();
    assertThat(message.at("/from/first_name").asString()).isNotBlank();
    assertThat(message.at("/from/username").asString()).endsWith("bot");
    assertThat(message.at("/chat/id").asLong()).isEqualTo(987654321L);
    assertThat(message.at("/chat/type").asString()).isEqualTo("private");
    assertThat(message.get("date").asLong())
        .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);
    assertThat(message.get("text").asString()).isEqualTo(text);
    long messageId = message.get("message_id").asLong();
    assertThat(json.readTree(second.body()).at("/result/message_id").asLong())
        .isGreaterThan(messageId);
    assertThat(listed(String.valueOf(messageId)))
        .containsEntry("provider", "telegram")
        .containsEntry("channel_id", 5)
        .containsEntry("to", "987654321")
        .containsEntry("statuses_posted", List.of());
  }

  @Test
  void anUnknownTokenIsUnauthorized() throws Exception {
    HttpResponse<String> response =
        postToSimulator(
            "/telegram/bot123456789:not-the-token/sendMessage",
            "application/json",
            "{\"chat_id\": 1, \"text\": \"hi\"}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json.readTree(response.body()))
        .isEqualTo(
            json.readTree("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}"));
  }

  @Test
  void aMessageWithoutChatOrTextIsABadRequestInTheBotApisWords() throws Exception {
    assertThat(description(postToSimulator(SEND_PATH, "application/json", "{\"text\": \"hi\"}")))
        .isEqualTo("Bad Request: chat_id is empty");
    assertThat(description(postToSimulator(SEND_PATH, "application/json", "{\"chat_id\": 1}")))
        .isEqualTo("Bad Request: message text is empty");
    assertThat(
            description(
                postToSimulator(
                    SEND_PATH, "application/json", "{\"chat_id\": \"@acme\", \"text\": \"hi\"}")))
        .isEqualTo("Bad Request: chat not found");
  }

  @Test
  void aUsersMessageIsPostedAsAnUpdateWithTheSecretToken() throws Exception {
    String text = "Where is my parcel? " + UUID.randomUUID();

    HttpResponse<String> first =
        postToSimulator(
            "/customers/telegram/" + TELEGRAM_CHANNEL,
            "application/json",
            "{\"from\": 555000111, \"name\": \"Ana\", \"text\": \"" + text + "\"}");
    HttpResponse<String> second =
        postToSimulator(
            "/customers/telegram/" + TELEGRAM_CHANNEL,
            "application/json",
            "{\"from\": \"555000111\", \"text\": \"and another\"}");

    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode answer = json.readTree(first.body());
    assertThat(answer.get("api_status").asInt()).isEqualTo(200);
    JsonNode update = json.readTree(updateWith(answer.get("id").asString()).getBodyAsString());
    assertThat(updateWith(answer.get("id").asString()).getHeader("X-Telegram-Bot-Api-Secret-Token"))
        .isEqualTo(SECRET_TOKEN);
    JsonNode message = update.get("message");
    assertThat(message.at("/from/id").asLong()).isEqualTo(555000111L);
    assertThat(message.at("/from/is_bot").asBoolean()).isFalse();
    assertThat(message.at("/from/first_name").asString()).isEqualTo("Ana");
    assertThat(message.at("/chat/id").asLong()).isEqualTo(555000111L);
    assertThat(message.at("/chat/type").asString()).isEqualTo("private");
    assertThat(message.at("/chat/first_name").asString()).isEqualTo("Ana");
    assertThat(message.get("date").asLong()).isPositive();
    assertThat(message.get("text").asString()).isEqualTo(text);
    JsonNode next =
        json.readTree(
            updateWith(json.readTree(second.body()).get("id").asString()).getBodyAsString());
    assertThat(next.get("update_id").asLong()).isGreaterThan(update.get("update_id").asLong());
    assertThat(next.at("/message/message_id").asLong())
        .isGreaterThan(message.get("message_id").asLong());
  }

  @Test
  void aUserIdThatIsNotANumberIsRefused() throws Exception {
    assertThat(
            postToSimulator(
                    "/customers/telegram/" + TELEGRAM_CHANNEL,
                    "application/json",
                    "{\"from\": \"+15551234567\", \"text\": \"hi\"}")
                .statusCode())
        .isEqualTo(400);
  }

  private LoggedRequest updateWith(String messageId) {
    return postedTo(WEBHOOK_PATH).stream()
        .filter(
            post ->
                json.readTree(post.getBodyAsString())
                    .at("/message/message_id")
                    .asString()
                    .equals(messageId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no update with message " + messageId));
  }

  private String description(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json.readTree(response.body());
    assertThat(error.get("ok").asBoolean()).isFalse();
    assertThat(error.get("error_code").asInt()).isEqualTo(400);
    return error.get("description").asString();
  }
}
