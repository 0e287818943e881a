package com.omnichannel.gateway.delivery;

import static com.omnichannel.gateway.delivery.ProviderAnswers.failed;
import static com.omnichannel.gateway.delivery.ProviderAnswers.id;
import static com.omnichannel.gateway.delivery.ProviderAnswers.isRetryableStatus;
import static com.omnichannel.gateway.delivery.ProviderAnswers.isSuccess;
import static com.omnichannel.gateway.delivery.ProviderAnswers.number;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The Telegram Bot API's answers to {@code sendMessage}: {@code {"ok":true,"result":<Message>}}
 * with the message's {@code message_id}, or {@code
 * {"ok":false,"error_code","description","parameters":{"retry_after"}}} where {@code retry_after}
 * is the flood control's wait in seconds (https://core.telegram.org/bots/api#making-requests,
 * https://core.telegram.org/bots/api#responseparameters).
 */
final class TelegramAnswers implements ProviderAnswers {

  /** Our titles: Telegram's description may quote the request. */
  static final Map<Long, String> TITLES =
      Map.of(
          400L, "Bad request",
          401L, "Unauthorized (bot token)",
          403L, "Forbidden (the bot was blocked or cannot write to the chat)",
          404L, "Not found",
          429L, "Too many requests");

  @Override
  public Attempt answered(int status, JsonNode body, Long retryAfterMillis) {
    JsonNode ok = body.path("ok");
    boolean refused = ok.isBoolean() && !ok.booleanValue();
    if (isSuccess(status) && !refused) {
      return Attempt.sent(status, id(body.path("result").path("message_id")));
    }
    Long code = number(body.path("error_code"));
    boolean retryable = isRetryableStatus(status) || (code != null && isRetryableStatus(code));
    return failed(
        status,
        retryable,
        code == null ? "HTTP " + status : error(code),
        longer(retryAfterMillis, floodWait(body)));
  }

  /** {@code "Telegram error <error_code>"}, and our title when we have one. */
  static String error(long code) {
    String title = TITLES.get(code);
    return "Telegram error " + code + (title != null ? ": " + title : "");
  }

  /** {@code parameters.retry_after} in milliseconds, at most {@link RetryAfter#MAX}; or null. */
  private static Long floodWait(JsonNode body) {
    Long seconds = number(body.path("parameters").path("retry_after"));
    if (seconds == null || seconds < 0) {
      return null;
    }
    return Math.min(seconds, RetryAfter.MAX.toSeconds()) * 1000;
  }

  private static Long longer(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }
}
