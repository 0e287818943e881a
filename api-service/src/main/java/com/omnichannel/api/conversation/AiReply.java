package com.omnichannel.api.conversation;

/**
 * An AI reply to store.
 *
 * @param authorId the AI user that owns the conversation
 * @param inReplyTo the inbound message it answers
 * @param traceParent the trace its delivery goes on with; null for none
 */
public record AiReply(
    long companyId,
    long conversationId,
    long authorId,
    long inReplyTo,
    String text,
    String traceParent) {}
