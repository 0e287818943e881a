package com.omnichannel.api.conversation;

import java.time.Instant;

/** An inbound message an AI reply answers: when it was stored, and whether it has a reply. */
public record Question(Instant storedAt, boolean answered) {}
