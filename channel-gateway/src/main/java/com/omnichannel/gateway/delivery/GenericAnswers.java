package com.omnichannel.gateway.delivery;

import static com.omnichannel.gateway.delivery.ProviderAnswers.failed;
import static com.omnichannel.gateway.delivery.ProviderAnswers.id;
import static com.omnichannel.gateway.delivery.ProviderAnswers.isRetryableStatus;
import static com.omnichannel.gateway.delivery.ProviderAnswers.isSuccess;

import tools.jackson.databind.JsonNode;

/**
 * A generic channel's endpoint: a 2xx is sent, with the provider's id from the JSON's {@code id} or
 * {@code message_id}; 408, 429 and 5xx are retryable, anything else (redirects too: the API's URL
 * is the only address it checked) is rejected. The error is the status alone: the body is the
 * endpoint's own, and may be an internal service's.
 */
final class GenericAnswers implements ProviderAnswers {

  @Override
  public Attempt answered(int status, JsonNode body, Long retryAfterMillis) {
    if (isSuccess(status)) {
      String id = id(body.path("id"));
      return Attempt.sent(status, id != null ? id : id(body.path("message_id")));
    }
    return failed(status, isRetryableStatus(status), "HTTP " + status, retryAfterMillis);
  }
}
