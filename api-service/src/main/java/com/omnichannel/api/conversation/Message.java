package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One message of a conversation.
 *
 * @param sender {@code contact}, {@code ai} or {@code agent}
 * @param authorId the user who wrote it; absent for contact messages
 * @param inReplyTo the inbound message an AI reply answers
 * @param deliveryStatus {@code pending}, {@code sent}, {@code delivered}, {@code read} or {@code
 *     failed} for AI and agent messages, which are delivered to the contact; null (written out) for
 *     contact messages
 * @param deliveryAttempts delivery attempts made since the message was (last) queued
 * @param deliveryError why the last attempt failed
 * @param providerMessageId the provider's id for the delivered message
 */
public record Message(
    long id,
    long conversationId,
    String sender,
    String content,
    Instant createdAt,
    Long authorId,
    Long inReplyTo,
    @JsonInclude(JsonInclude.Include.ALWAYS) String deliveryStatus,
    @JsonInclude(JsonInclude.Include.ALWAYS) Integer deliveryAttempts,
    @JsonInclude(JsonInclude.Include.ALWAYS) String deliveryError,
    String providerMessageId) {

  public static final String FROM_CONTACT = "contact";
  public static final String FROM_AI = "ai";
  public static final String FROM_AGENT = "agent";

  /** Longest text a message may carry, in characters. */
  public static final int MAX_TEXT_LENGTH = 4096;
}
