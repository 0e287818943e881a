package com.omnichannel.api.conversation;

/**
 * What became of a provider's delivery of a contact's message: the conversation it joined, and
 * whether it was a retry of a message already stored (which then changed nothing).
 */
public record InboundResult(Conversation conversation, boolean duplicate) {}
