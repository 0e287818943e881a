package com.omnichannel.api.conversation;

import java.time.Instant;

/**
 * A conversation as the inbox lists it.
 *
 * @param ownerType {@code ai} when the AI owns it, else {@code human}
 */
public record InboxEntry(
    long id,
    long companyId,
    long channelId,
    long contactId,
    long ownerId,
    String ownerType,
    String status,
    Instant createdAt,
    Instant updatedAt,
    Instant lastMessageAt) {

  public static final String AI = "ai";
  public static final String HUMAN = "human";

  static InboxEntry of(Conversation conversation, boolean aiOwned) {
    return new InboxEntry(
        conversation.id(),
        conversation.companyId(),
        conversation.channelId(),
        conversation.contactId(),
        conversation.ownerId(),
        aiOwned ? AI : HUMAN,
        conversation.status(),
        conversation.createdAt(),
        conversation.updatedAt(),
        conversation.lastMessageAt());
  }
}
