package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * What became of one {@link OutboundMessageRequested}: the sender's report, which the API stores on
 * the message.
 *
 * @param attempt the requested attempt this answers
 * @param outcome what the attempt came to
 * @param httpStatus the provider's status code; null when no response came
 * @param providerMessageId the provider's id for the message, from a 2xx response: a generic
 *     provider's JSON {@code id} or {@code message_id}, Meta's {@code messages[0].id}, Twilio's
 *     {@code sid}, Telegram's {@code result.message_id}
 * @param error why the attempt did not succeed, for people; null on success
 * @param retryAfterMillis the wait the provider asked for with {@code Retry-After}, or the sender's
 *     own for {@link DeliveryOutcome#DEFERRED}; null when none
 */
public record DeliveryAttempted(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("company_id") long companyId,
    @JsonProperty("conversation_id") long conversationId,
    @JsonProperty("message_id") long messageId,
    @JsonProperty("channel_id") long channelId,
    @JsonProperty("attempt") int attempt,
    @JsonProperty("outcome") DeliveryOutcome outcome,
    @JsonProperty("http_status") Integer httpStatus,
    @JsonProperty("provider_message_id") String providerMessageId,
    @JsonProperty("error") String error,
    @JsonProperty("retry_after_ms") Long retryAfterMillis) {

  public static final String TYPE = "DeliveryAttempted";
  public static final int SCHEMA_VERSION = 1;

  /** The report on {@code request}, occurring at {@code at}. */
  public static DeliveryAttempted answering(
      OutboundMessageRequested request,
      Instant at,
      DeliveryOutcome outcome,
      Integer httpStatus,
      String providerMessageId,
      String error,
      Long retryAfterMillis) {
    return new DeliveryAttempted(
        EventIds.random(),
        TYPE,
        SCHEMA_VERSION,
        at,
        request.companyId(),
        request.conversationId(),
        request.messageId(),
        request.channelId(),
        request.attempt(),
        outcome,
        httpStatus,
        providerMessageId,
        error,
        retryAfterMillis);
  }
}
