package com.omnichannel.gateway.delivery;

import static com.omnichannel.gateway.delivery.ProviderResponsesTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Telegram Bot API's answers to sendMessage, in the shapes of its documentation: {@code ok}
 * with the sent Message as {@code result}, or {@code ok:false} with {@code error_code}, {@code
 * description} and the ResponseParameters' {@code retry_after}
 * (https://core.telegram.org/bots/api#making-requests,
 * https://core.telegram.org/bots/api#responseparameters).
 */
class TelegramAnswersTest {

  final ProviderResponses responses = ProviderResponsesTest.responses();

  static final String SENT =
      """
      {
        "ok": true,
        "result": {
          "message_id": 5172,
          "from": {"id": 123456789, "is_bot": true, "first_name": "Acme", "username": "acme_bot"},
          "chat": {"id": 987654321, "first_name": "Ana", "type": "private"},
          "date": 1795687200,
          "text": "Your order is on its way"
        }
      }
      """;

  @Test
  void aSentMessageIsSentWithItsMessageIdAsAString() {
    assertThat(responses.answered(Provider.TELEGRAM, 200, null, bytes(SENT)))
        .isEqualTo(Attempt.sent(200, "5172"));
  }

  @Test
  void floodControlIsRetriedAfterRetryAfterSeconds() {
    String body =
        """
        {"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 35",
         "parameters": {"retry_after": 35}}
        """;

    assertThat(responses.answered(Provider.TELEGRAM, 429, null, bytes(body)))
        .isEqualTo(Attempt.retryable(429, "Telegram error 429: Too many requests", 35_000L));
  }

  @Test
  void floodControlWaitsTheLongerOfItsRetryAfterAndTheHeader() {
    String body =
        "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 5\","
            + "\"parameters\":{\"retry_after\":5}}";

    assertThat(responses.answered(Provider.TELEGRAM, 429, "40", bytes(body)).retryAfterMillis())
        .isEqualTo(40_000L);
    assertThat(
            responses
                .answered(
                    Provider.TELEGRAM,
                    429,
                    null,
                    bytes("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many\"}"))
                .retryAfterMillis())
        .isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "400, Bad Request: chat not found, Telegram error 400: Bad request",
    "401, Unauthorized, Telegram error 401: Unauthorized (bot token)",
    "403, Forbidden: bot was blocked by the user,"
        + " Telegram error 403: Forbidden (the bot was blocked or cannot write to the chat)",
    "404, Not Found, Telegram error 404: Not found",
    "409, Conflict: terminated by other getUpdates request, Telegram error 409"
  })
  void otherErrorsAreFinalWithTheCodeAndOurTitle(int code, String description, String error) {
    String body =
        "{\"ok\":false,\"error_code\":%d,\"description\":\"%s\"}".formatted(code, description);

    Attempt attempt = responses.answered(Provider.TELEGRAM, code, "9", bytes(body));

    assertThat(attempt).isEqualTo(Attempt.rejected(code, error));
  }

  @Test
  void serverErrorsAreRetried() {
    assertThat(
            responses.answered(
                Provider.TELEGRAM,
                502,
                null,
                bytes("{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}")))
        .isEqualTo(Attempt.retryable(502, "Telegram error 502", null));
    assertThat(responses.answered(Provider.TELEGRAM, 504, null, bytes("<html>timeout</html>")))
        .isEqualTo(Attempt.retryable(504, "HTTP 504", null));
  }

  @Test
  void aRefusalWithASuccessStatusIsStillARefusal() {
    String body = "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: x\"}";

    assertThat(responses.answered(Provider.TELEGRAM, 200, null, bytes(body)))
        .isEqualTo(Attempt.rejected(200, "Telegram error 400: Bad request"));
  }
}
