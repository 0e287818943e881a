package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.DeliveryAttempted;

/**
 * What one attempt came to, before it is reported as a {@link DeliveryAttempted}.
 *
 * @param outcome one of {@link DeliveryAttempted}'s outcomes
 * @param httpStatus the provider's status; null when no response came
 * @param providerMessageId the provider's id for the message on success, when it gave one
 * @param error why it did not succeed, for people; null on success
 * @param retryAfterMillis how long to wait before the next attempt, when known
 */
record Attempt(
    String outcome,
    Integer httpStatus,
    String providerMessageId,
    String error,
    Long retryAfterMillis) {

  /** Longer texts are cut: the error is for people reading a message's status, not a log. */
  static final int MAX_ERROR_LENGTH = 500;

  /** The wait suggested to the API for a request the gateway did not try. */
  static final long DEFERRED_RETRY_AFTER_MILLIS = 1000;

  Attempt {
    if (error != null && error.length() > MAX_ERROR_LENGTH) {
      error = error.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }
  }

  static Attempt sent(int httpStatus, String providerMessageId) {
    return new Attempt(DeliveryAttempted.SENT, httpStatus, providerMessageId, null, null);
  }

  static Attempt retryable(Integer httpStatus, String error, Long retryAfterMillis) {
    return new Attempt(DeliveryAttempted.RETRYABLE, httpStatus, null, error, retryAfterMillis);
  }

  static Attempt rejected(Integer httpStatus, String error) {
    return new Attempt(DeliveryAttempted.REJECTED, httpStatus, null, error, null);
  }

  static Attempt deferred(String reason) {
    return new Attempt(DeliveryAttempted.DEFERRED, null, null, reason, DEFERRED_RETRY_AFTER_MILLIS);
  }
}
