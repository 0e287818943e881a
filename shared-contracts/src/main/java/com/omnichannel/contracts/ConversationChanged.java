package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one transaction changed in one conversation, as agents' event streams show it: on {@link
 * Topics#CONVERSATION_EVENTS}, keyed by the company, so a company's changes keep one order.
 *
 * @param changes in the order they happened, at most {@link #MAX_CHANGES}
 */
public record ConversationChanged(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("company_id") long companyId,
    @JsonProperty("conversation_id") long conversationId,
    @JsonProperty("changes") List<Change> changes) {

  public static final String TYPE = "ConversationChanged";
  public static final int SCHEMA_VERSION = 1;

  /** A record carries at most this many changes; an event id numbers them within the record. */
  public static final int MAX_CHANGES = 10;

  public static final String CONVERSATION_CREATED = "conversation.created";
  public static final String CONVERSATION_UPDATED = "conversation.updated";
  public static final String MESSAGE_CREATED = "message.created";
  public static final String MESSAGE_UPDATED = "message.updated";

  /**
   * One change.
   *
   * @param type {@code conversation.created}, {@code conversation.updated}, {@code message.created}
   *     or {@code message.updated}
   * @param data the conversation or the message, as the API shows it
   */
  public record Change(
      @JsonProperty("type") String type,
      // A field the API always shows, null or not, stays in the data.
      @JsonProperty("data") @JsonInclude(content = JsonInclude.Include.ALWAYS)
          Map<String, Object> data) {}

  public static ConversationChanged of(
      Instant occurredAt, long companyId, long conversationId, List<Change> changes) {
    if (changes.isEmpty() || changes.size() > MAX_CHANGES) {
      throw new IllegalArgumentException("1 to " + MAX_CHANGES + " changes, not " + changes.size());
    }
    return new ConversationChanged(
        EventIds.random(),
        TYPE,
        SCHEMA_VERSION,
        occurredAt,
        companyId,
        conversationId,
        List.copyOf(changes));
  }
}
