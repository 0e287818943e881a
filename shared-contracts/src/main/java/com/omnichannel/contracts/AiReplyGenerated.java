package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The AI produced a reply to one inbound message.
 *
 * @param inReplyTo id of the inbound message answered; at most one reply is stored per value
 * @param aiUserId the AI user that owned the conversation when the inbound message arrived
 */
public record AiReplyGenerated(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("company_id") long companyId,
    @JsonProperty("conversation_id") long conversationId,
    @JsonProperty("in_reply_to") long inReplyTo,
    @JsonProperty("ai_user_id") long aiUserId,
    @JsonProperty("text") String text)
    implements AiWorkerEvent {

  public static final String TYPE = "AiReplyGenerated";
  public static final int SCHEMA_VERSION = 1;

  /** A reply is cut to this many characters, the most a message may hold. */
  public static final int MAX_TEXT_LENGTH = 4096;

  /**
   * The reply to {@code received}. Its event id derives from the inbound event's id, so a
   * redelivered inbound event yields a reply event with the same id.
   */
  public static AiReplyGenerated answering(MessageReceived received, Instant at, String text) {
    UUID eventId =
        UUID.nameUUIDFromBytes(("reply:" + received.eventId()).getBytes(StandardCharsets.UTF_8));
    return new AiReplyGenerated(
        eventId,
        TYPE,
        SCHEMA_VERSION,
        at,
        received.companyId(),
        received.conversationId(),
        received.messageId(),
        received.ownerId(),
        text.length() <= MAX_TEXT_LENGTH ? text : text.substring(0, MAX_TEXT_LENGTH));
  }
}
