package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.DeliveryOutcome;

/**
 * What one attempt came to, before it is reported as a {@link DeliveryAttempted}.
 *
 * @param outcome what the attempt came to
 * @param httpStatus the provider's status; null when no response came
 * @param providerMessageId the provider's id for the message on success, when it gave one
 * @param error why it did not succeed, for people; null on success
 * @param retryAfterMillis how long to wait before the next attempt, when known
 */
record Attempt(
    DeliveryOutcome outcome,
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

  /** This attempt with another error text. */
  Attempt withError(String error) {
    return new Attempt(outcome, httpStatus, providerMessageId, error, retryAfterMillis);
  }

  static Attempt sent(int httpStatus, String providerMessageId) {
    return new Attempt(DeliveryOutcome.SENT, httpStatus, providerMessageId, null, null);
  }

  static Attempt retryable(Integer httpStatus, String error, Long retryAfterMillis) {
    return new Attempt(DeliveryOutcome.RETRYABLE, httpStatus, null, error, retryAfterMillis);
  }

  static Attempt rejected(Integer httpStatus, String error) {
    return new Attempt(DeliveryOutcome.REJECTED, httpStatus, null, error, null);
  }

  static Attempt deferred(String reason) {
    return new Attempt(DeliveryOutcome.DEFERRED, null, null, reason, DEFERRED_RETRY_AFTER_MILLIS);
  }
}
