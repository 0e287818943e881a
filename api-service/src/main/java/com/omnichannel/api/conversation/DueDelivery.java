package com.omnichannel.api.conversation;

/** A message whose next delivery request is due. */
public record DueDelivery(long messageId, long conversationId) {}
