package com.omnichannel.gateway.delivery;

import tools.jackson.databind.JsonNode;

/**
 * What one provider's answers to a send mean: sent (with the provider's id for the message), worth
 * another attempt, or bound to fail the same way again. The error is ours (a code and our title for
 * it), never the provider's text: that may quote the request, and a tenant reads it as the
 * message's {@code delivery_error}.
 */
interface ProviderAnswers {

  /**
   * The attempt an answer makes.
   *
   * @param status the HTTP status
   * @param body the response body as JSON; a missing node when it is empty or not JSON
   * @param retryAfterMillis the wait the {@code Retry-After} header asks for; null when none
   */
  Attempt answered(int status, JsonNode body, Long retryAfterMillis);

  static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  /** 408, 429 and 5xx: the provider may well take the same request later. */
  static boolean isRetryableStatus(long status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** Retryable with the wait, or rejected (no wait: another attempt would fail the same). */
  static Attempt failed(int status, boolean retryable, String error, Long retryAfterMillis) {
    return retryable
        ? Attempt.retryable(status, error, retryAfterMillis)
        : Attempt.rejected(status, error);
  }

  /** An integral number that fits a long, such as an error code; null otherwise. */
  static Long number(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
  }

  /** A provider's id for a message, a string or a number; null otherwise. */
  static String id(JsonNode node) {
    return node.isString() || node.isNumber() ? node.asString() : null;
  }
}
