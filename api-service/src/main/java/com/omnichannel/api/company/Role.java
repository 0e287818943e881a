package com.omnichannel.api.company;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a user is: the company's AI or a human agent, stored and shown as {@code ai}, {@code agent}.
 */
public enum Role {
  AI,
  AGENT;

  /** The spelling in the database and in JSON. */
  @JsonValue
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is the AI's role: the one rule for "the AI owns this conversation". */
  public boolean isAi() {
    return this == AI;
  }

  /** The role a stored spelling names. */
  public static Role of(String spelling) {
    return valueOf(spelling.toUpperCase(Locale.ROOT));
  }
}
