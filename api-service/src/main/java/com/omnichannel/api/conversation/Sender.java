package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who wrote a message: the contact, the company's AI or one of its agents. */
public enum Sender {
  CONTACT,
  AI,
  AGENT;

  /** The spelling in the database and in JSON. */
  @JsonValue
  public String spelling() {
    return Spelling.of(this);
  }

  static Sender of(String spelling) {
    return valueOf(spelling.toUpperCase(Locale.ROOT));
  }
}
