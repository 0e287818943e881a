package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import com.omnichannel.api.web.InvalidRequestException;
import java.util.Locale;

/** A conversation is open, or resolved until its contact writes again. */
public enum ConversationStatus {
  OPEN,
  RESOLVED;

  /** The spelling in the database and in JSON. */
  @JsonValue
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status a client or the database spells.
   *
   * @throws InvalidRequestException when it is neither {@code open} nor {@code resolved}
   */
  public static ConversationStatus parse(String spelling) {
    for (ConversationStatus status : values()) {
      if (status.spelling().equals(spelling)) {
        return status;
      }
    }
    throw new InvalidRequestException("status must be open or resolved, not '" + spelling + "'");
  }
}
