package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An inbound message from a contact was stored in a conversation.
 *
 * <p>Version 2 carries what a model needs to answer, when the AI owns the conversation: the
 * company's name, its assistant instructions and the conversation's earlier messages (bounded by
 * {@link ConversationTurn#lastFitting}). A version 1 event lacks them; they read as null.
 *
 * @param aiOwned whether the AI owned the conversation when the message was stored; the worker
 *     answers only then
 * @param assistantInstructions the company's instructions to its assistant; null when it has none
 * @param history earlier messages, oldest first, without this one; empty when the conversation is
 *     owned by a human
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
    @JsonProperty("text") String text,
    @JsonProperty("company_name") String companyName,
    @JsonProperty("assistant_instructions") String assistantInstructions,
    @JsonProperty("history") List<ConversationTurn> history) {

  public static final String TYPE = "MessageReceived";
  public static final int SCHEMA_VERSION = 2;

  /** The event without the model's context (what a human-owned conversation needs). */
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
        text,
        null,
        null,
        List.of());
  }

  /** This event with the context a model answers from. */
  public MessageReceived withContext(
      String companyName, String assistantInstructions, List<ConversationTurn> history) {
    return new MessageReceived(
        eventId,
        eventType,
        schemaVersion,
        occurredAt,
        companyId,
        conversationId,
        messageId,
        channelId,
        contactId,
        ownerId,
        aiOwned,
        text,
        companyName,
        assistantInstructions,
        List.copyOf(history));
  }

  /** The earlier messages, empty for an event that carries none. */
  public List<ConversationTurn> historyOrEmpty() {
    return history == null ? List.of() : history;
  }
}
