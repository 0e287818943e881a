package com.omnichannel.api.conversation;

import java.time.Instant;

/**
 * Published inside the transaction that stored an agent's message, under its conversation's lock;
 * the delivery feature hears it in that transaction and requests the message if it is next.
 */
public record AgentMessagePosted(long conversationId, Instant at) {}
