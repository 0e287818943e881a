package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * An inbound message from a contact was stored in a conversation.
 *
 * @param aiOwned whether the AI owned the conversation when the message was stored; the worker
 *     answers only then
 */
public record MessageReceived(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("company_id") long companyId,
    @JsonProperty("conversation_id") long conversationId,
    @JsonProperty("message_id") long messageId,
    @JsonProperty("channel_id") long channelId,
    @JsonProperty("contact_id") long contactId,
    @JsonProperty("owner_id") long ownerId,
    @JsonProperty("ai_owned") boolean aiOwned,
    @JsonProperty("text") String text) {

  public static final String TYPE = "MessageReceived";
  public static final int SCHEMA_VERSION = 1;

  public static MessageReceived of(
      Instant occurredAt,
      long companyId,
      long conversationId,
      long messageId,
      long channelId,
      long contactId,
      long ownerId,
      boolean aiOwned,
      String text) {
    return new MessageReceived(
        EventIds.random(),
        TYPE,
        SCHEMA_VERSION,
        occurredAt,
        companyId,
        conversationId,
        messageId,
        channelId,
        contactId,
        ownerId,
        aiOwned,
        text);
  }
}
