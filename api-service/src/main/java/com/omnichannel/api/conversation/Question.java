package com.omnichannel.api.conversation;

import java.time.Instant;

/**
 * An inbound message an AI reply answers: where it is (a reply must name the same company and
 * conversation), when it was stored, and whether it has a reply.
 */
public record Question(long companyId, long conversationId, Instant storedAt, boolean answered) {}
