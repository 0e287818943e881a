package com.omnichannel.api.conversation;

import java.time.Instant;

/**
 * A thread between one contact and one company on one channel, owned by the AI or an agent.
 *
 * @param updatedAt when anything about it last changed: a message, an owner
 * @param lastMessageAt when its latest message was stored; null before the first
 * @param status open, or resolved until the contact writes again
 */
public record Conversation(
    long id,
    long companyId,
    long channelId,
    long contactId,
    long ownerId,
    Instant createdAt,
    Instant updatedAt,
    Instant lastMessageAt,
    ConversationStatus status) {

  Conversation withOwner(long newOwnerId, Instant at) {
    return new Conversation(
        id, companyId, channelId, contactId, newOwnerId, createdAt, at, lastMessageAt, status);
  }

  /** After a contact's message: it moves the activity times and reopens the conversation. */
  Conversation withInboundAt(Instant at) {
    return new Conversation(
        id, companyId, channelId, contactId, ownerId, createdAt, at, at, ConversationStatus.OPEN);
  }

  Conversation withStatus(ConversationStatus newStatus, Instant at) {
    return new Conversation(
        id, companyId, channelId, contactId, ownerId, createdAt, at, lastMessageAt, newStatus);
  }
}
