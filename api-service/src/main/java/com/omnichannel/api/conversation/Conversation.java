package com.omnichannel.api.conversation;

import java.time.Instant;

/** A thread between one contact and one company on one channel, owned by the AI or an agent. */
public record Conversation(
    long id,
    long companyId,
    long channelId,
    long contactId,
    long ownerId,
    Instant createdAt,
    Instant updatedAt) {}
