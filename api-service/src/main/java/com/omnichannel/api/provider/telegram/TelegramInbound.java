package com.omnichannel.api.provider.telegram;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.conversation.ContactAddress;
import com.omnichannel.api.conversation.InboundMessage;
import com.omnichannel.api.conversation.Media;
import com.omnichannel.api.conversation.MessageType;
import com.omnichannel.api.provider.ProviderEvents;
import com.omnichannel.api.provider.telegram.TelegramUpdate.Chat;
import com.omnichannel.api.provider.telegram.TelegramUpdate.PhotoSize;
import com.omnichannel.api.provider.telegram.TelegramUpdate.TelegramFile;
import com.omnichannel.api.provider.telegram.TelegramUpdate.TelegramMessage;
import com.omnichannel.api.provider.telegram.TelegramUpdate.User;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Telegram update into our message. The contact is the chat (one person's private chat, or
 * a group), named after the sender (a group after its title); the update's id makes a retry a
 * retry. A message of a kind this backend does not know is stored as {@code unsupported}.
 */
final class TelegramInbound {

  private static final Logger log = LoggerFactory.getLogger(TelegramInbound.class);
  private static final String PRIVATE_CHAT = "private";

  private TelegramInbound() {}

  static ProviderEvents read(Channel channel, TelegramUpdate update) {
    TelegramMessage message = update.message();
    if (message == null) {
      return ProviderEvents.NONE;
    }
    if (update.updateId() == null || message.chat() == null || message.chat().id() == null) {
      log.warn("Channel {}: Telegram message without update_id or chat ignored", channel.id());
      return ProviderEvents.NONE;
    }
    String caption = firstOf(message.text(), message.caption());
    Media media = null;
    MessageType type;
    if (message.photo() != null && !message.photo().isEmpty()) {
      type = MessageType.IMAGE;
      media = largest(message.photo(), caption);
    } else if (message.document() != null) {
      type = MessageType.DOCUMENT;
      TelegramFile file = message.document();
      media = Media.document(file.fileId(), file.mimeType(), caption, file.fileName());
    } else if (message.audio() != null || message.voice() != null) {
      type = MessageType.AUDIO;
      media = file(message.audio() != null ? message.audio() : message.voice(), caption);
    } else if (message.video() != null || message.videoNote() != null) {
      type = MessageType.VIDEO;
      media = file(message.video() != null ? message.video() : message.videoNote(), caption);
    } else if (message.sticker() != null) {
      type = MessageType.STICKER;
      media = file(message.sticker(), null);
    } else if (message.venue() != null && message.venue().location() != null) {
      type = MessageType.LOCATION;
      var venue = message.venue();
      media =
          Media.location(
              venue.location().latitude(),
              venue.location().longitude(),
              venue.title(),
              venue.address());
    } else if (message.location() != null) {
      type = MessageType.LOCATION;
      media =
          Media.location(message.location().latitude(), message.location().longitude(), null, null);
    } else if (message.contact() != null) {
      type = MessageType.CONTACTS;
      media = Media.contact(name(message.contact().firstName(), message.contact().lastName()));
    } else {
      type = message.text() != null ? MessageType.TEXT : MessageType.UNSUPPORTED;
    }
    return ProviderEvents.of(
        new InboundMessage(
            ContactAddress.telegramChat(message.chat().id().toString()),
            contactName(message.chat(), message.from()),
            update.updateId().toString(),
            type,
            caption == null ? "" : caption,
            media));
  }

  /** The largest size of a photo (Telegram lists them smallest first). */
  private static Media largest(List<PhotoSize> sizes, String caption) {
    return sizes.stream()
        .filter(Objects::nonNull)
        .max(Comparator.comparingLong(TelegramInbound::area))
        .map(size -> Media.file(size.fileId(), null, caption))
        .orElse(null);
  }

  private static long area(PhotoSize size) {
    if (size.width() != null && size.height() != null) {
      return (long) size.width() * size.height();
    }
    return size.fileSize() == null ? 0 : size.fileSize();
  }

  private static Media file(TelegramFile file, String caption) {
    return Media.file(file.fileId(), file.mimeType(), caption);
  }

  /** A private chat by its user's name (or username), a group by its title. */
  private static String contactName(Chat chat, User from) {
    if (!PRIVATE_CHAT.equals(chat.type()) && chat.title() != null) {
      return chat.title();
    }
    if (from == null) {
      return null;
    }
    String name = name(from.firstName(), from.lastName());
    return name != null ? name : from.username();
  }

  private static String name(String first, String last) {
    String name =
        Stream.of(first, last)
            .filter(part -> part != null && !part.isBlank())
            .collect(Collectors.joining(" "));
    return name.isEmpty() ? null : name;
  }

  private static String firstOf(String text, String caption) {
    return text != null ? text : caption;
  }
}
