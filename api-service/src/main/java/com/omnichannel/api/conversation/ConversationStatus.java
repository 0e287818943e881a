package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import com.omnichannel.api.web.InvalidRequestException;

/** A conversation is open, or resolved until its contact writes again. */
public enum ConversationStatus {
  OPEN,
  RESOLVED;

  /** The spelling in the database and in JSON. */
  @JsonValue
  public String spelling() {
    return Spelling.of(this);
  }

  /**
   * The status a client or the database spells.
   *
   * @throws InvalidRequestException when it names none
   */
  public static ConversationStatus parse(String spelling) {
    return Spelling.parse(values(), "status", spelling);
  }
}
