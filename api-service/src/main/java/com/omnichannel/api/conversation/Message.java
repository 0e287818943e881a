package com.omnichannel.api.conversation;

import java.time.Instant;

/**
 * One message of a conversation.
 *
 * @param sender {@code contact}, {@code ai} or {@code agent}
 * @param authorId the user who wrote it; absent for contact messages
 * @param inReplyTo the inbound message an AI reply answers
 */
public record Message(
    long id,
    long conversationId,
    String sender,
    String content,
    Instant createdAt,
    Long authorId,
    Long inReplyTo) {

  public static final String FROM_CONTACT = "contact";
  public static final String FROM_AI = "ai";
  public static final String FROM_AGENT = "agent";

  /** Longest text a message may carry, in characters. */
  public static final int MAX_TEXT_LENGTH = 4096;
}
