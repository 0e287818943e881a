package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One message of a conversation.
 *
 * @param sender the contact, the AI or an agent
 * @param authorId the user who wrote it; absent for contact messages
 * @param inReplyTo the inbound message an AI reply answers
 * @param deliveryStatus for AI and agent messages, which are delivered to the contact; null
 *     (written out) for contact messages
 * @param deliveryAttempts delivery attempts made since the message was (last) queued
 * @param deliveryError why the last attempt failed
 * @param providerMessageId the provider's id for the delivered message
 * @param type what it carries: text, or a provider's media, location, reaction...
 * @param media what a non-text message carries; absent for text
 */
public record Message(
    long id,
    long conversationId,
    Sender sender,
    String content,
    Instant createdAt,
    Long authorId,
    Long inReplyTo,
    @JsonInclude(JsonInclude.Include.ALWAYS) DeliveryStatus deliveryStatus,
    @JsonInclude(JsonInclude.Include.ALWAYS) Integer deliveryAttempts,
    @JsonInclude(JsonInclude.Include.ALWAYS) String deliveryError,
    String providerMessageId,
    MessageType type,
    Media media) {

  /** Longest text a message may carry, in characters. */
  public static final int MAX_TEXT_LENGTH = 4096;
}
