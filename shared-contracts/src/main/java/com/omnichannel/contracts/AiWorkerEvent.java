package com.omnichannel.contracts;

/**
 * What the AI worker publishes on {@link Topics#AI_REPLY} about one inbound message: a reply, a
 * request for a human, or both in that order. The record's {@code event_type} header says which.
 */
public sealed interface AiWorkerEvent permits AiReplyGenerated, HandoffRequested {

  long companyId();

  long conversationId();

  /** The inbound message answered. */
  long inReplyTo();

  /** The AI user that owned the conversation when the inbound message arrived. */
  long aiUserId();
}
