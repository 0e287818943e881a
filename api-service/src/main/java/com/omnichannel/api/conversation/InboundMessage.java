package com.omnichannel.api.conversation;

/**
 * One message a contact sent, as a provider delivered it.
 *
 * @param from who sent it
 * @param contactName the name the provider knows the contact by; null when it gave none
 * @param channelMessageId the provider's id of the message, which makes a retry a retry
 * @param type what it carries
 * @param text its text, or a media message's caption; empty when it has neither
 * @param media what a non-text message carries; null for text
 */
public record InboundMessage(
    ContactAddress from,
    String contactName,
    String channelMessageId,
    MessageType type,
    String text,
    Media media) {

  /** A text message, as the generic webhook delivers one. */
  public static InboundMessage text(ContactAddress from, String channelMessageId, String text) {
    return new InboundMessage(from, null, channelMessageId, MessageType.TEXT, text, null);
  }
}
