package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a message carries: text, or one of the kinds WhatsApp and Telegram deliver. A kind this
 * backend does not know is stored as {@link #UNSUPPORTED}, never refused.
 */
public enum MessageType {
  TEXT,
  IMAGE,
  AUDIO,
  VIDEO,
  DOCUMENT,
  STICKER,
  LOCATION,
  CONTACTS,
  INTERACTIVE,
  BUTTON,
  REACTION,
  UNSUPPORTED;

  /** The spelling in the database and in JSON, which is WhatsApp's. */
  @JsonValue
  public String spelling() {
    return Spelling.of(this);
  }

  /** The type a provider or a row names; {@link #UNSUPPORTED} for one not known, text for null. */
  public static MessageType of(String spelling) {
    if (spelling == null) {
      return TEXT;
    }
    String upper = spelling.toUpperCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(type -> type.name().equals(upper))
        .findFirst()
        .orElse(UNSUPPORTED);
  }
}
