package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Channel;
import java.time.Instant;

/** A message to deliver, with what its request needs from its channel and contact. */
public record OutboundMessage(
    long id,
    long companyId,
    long conversationId,
    Sender sender,
    String text,
    Instant createdAt,
    int attempts,
    Instant dueAt,
    Channel channel,
    String phone,
    String email,
    String telegramChatId,
    String traceParent) {

  /**
   * The contact's address on the channel: its email on email channels, its chat on Telegram bots,
   * else its phone.
   */
  public String to() {
    if (telegramChatId != null) {
      return telegramChatId;
    }
    return channel.identifiesContactsByEmail() ? email : phone;
  }

  public MessageKey key() {
    return new MessageKey(companyId, conversationId, id);
  }
}
