package com.omnichannel.api.conversation;

import java.time.Instant;

/** Where a message's delivery stands. */
public record DeliveryState(
    long id,
    long companyId,
    long conversationId,
    DeliveryStatus status,
    int attempts,
    String providerMessageId,
    Instant dueAt,
    Instant createdAt) {

  public boolean pending() {
    return status == DeliveryStatus.PENDING;
  }

  public MessageKey key() {
    return new MessageKey(companyId, conversationId, id);
  }
}
