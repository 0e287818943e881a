package com.omnichannel.api.conversation;

/** Names one message of one conversation of one company. */
public record MessageKey(long companyId, long conversationId, long messageId) {}
