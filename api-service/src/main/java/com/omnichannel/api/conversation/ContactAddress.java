package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.web.InvalidRequestException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a contact is reached on a channel: an email address on email channels, a Telegram chat on
 * Telegram bots, an E.164 phone number on the others. Normalised so that one person is one contact.
 */
public record ContactAddress(String phone, String email, String telegramChatId) {

  private static final Pattern TELEGRAM_CHAT = Pattern.compile("^-?[0-9]{1,20}$");

  public ContactAddress(String phone, String email) {
    this(phone, email, null);
  }

  /**
   * A Telegram chat, by its id.
   *
   * @throws InvalidRequestException when the id is not a Telegram chat id
   */
  public static ContactAddress telegramChat(String chatId) {
    if (chatId == null || !TELEGRAM_CHAT.matcher(chatId).matches()) {
      throw new InvalidRequestException("A Telegram chat id is an integer");
    }
    return new ContactAddress(null, null, chatId);
  }

  /** What the contact's name is until a provider tells a better one. */
  String fallbackName() {
    if (email != null) {
      return email;
    }
    return phone != null ? phone : "Telegram chat " + telegramChatId;
  }

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern PHONE = Pattern.compile("^\\+?[1-9][0-9]{6,14}$");
  private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().-]");

  /**
   * The address {@code from} names on the channel.
   *
   * @throws InvalidRequestException when it is not an address of the channel's kind
   */
  public static ContactAddress parse(Channel channel, String from) {
    String value = from.strip();
    if (channel.identifiesContactsByEmail()) {
      if (!EMAIL.matcher(value).matches()) {
        throw new InvalidRequestException(
            "from must be an email address on " + channel.type() + " channels");
      }
      return new ContactAddress(null, value.toLowerCase(Locale.ROOT));
    }
    String digits = PHONE_PUNCTUATION.matcher(value).replaceAll("");
    if (!PHONE.matcher(digits).matches()) {
      throw new InvalidRequestException(
          "from must be a phone number (E.164, e.g. +15550001122) on "
              + channel.type()
              + " channels");
    }
    return new ContactAddress(digits.startsWith("+") ? digits : "+" + digits, null);
  }
}
