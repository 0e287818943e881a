package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The AI asked for a human to take the conversation over, in answer to one inbound message. The API
 * hands the conversation to the company's first agent if the AI still owns it.
 *
 * @param reason why, in the model's words (may be null)
 */
public record HandoffRequested(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("company_id") long companyId,
    @JsonProperty("conversation_id") long conversationId,
    @JsonProperty("in_reply_to") long inReplyTo,
    @JsonProperty("ai_user_id") long aiUserId,
    @JsonProperty("reason") String reason)
    implements AiWorkerEvent {

  public static final String TYPE = "HandoffRequested";
  public static final int SCHEMA_VERSION = 1;

  /** A reason is cut to this many characters. */
  public static final int MAX_REASON_LENGTH = 500;

  /**
   * The hand-off asked for in answer to {@code received}; its event id derives from the inbound
   * event's id, so a redelivered inbound event yields the same hand-off event id.
   */
  public static HandoffRequested answering(MessageReceived received, Instant at, String reason) {
    UUID eventId =
        UUID.nameUUIDFromBytes(("handoff:" + received.eventId()).getBytes(StandardCharsets.UTF_8));
    String bounded =
        reason == null || reason.length() <= MAX_REASON_LENGTH
            ? reason
            : reason.substring(0, MAX_REASON_LENGTH);
    return new HandoffRequested(
        eventId,
        TYPE,
        SCHEMA_VERSION,
        at,
        received.companyId(),
        received.conversationId(),
        received.messageId(),
        received.ownerId(),
        bounded);
  }
}
