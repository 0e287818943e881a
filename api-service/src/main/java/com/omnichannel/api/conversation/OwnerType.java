package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import com.omnichannel.api.company.Role;
import com.omnichannel.api.web.InvalidRequestException;

/** Who owns a conversation, as the inbox shows and filters it: the AI or a human agent. */
public enum OwnerType {
  AI,
  HUMAN;

  /** The spelling in the database and in JSON. */
  @JsonValue
  public String spelling() {
    return Spelling.of(this);
  }

  /** A conversation owned by a user with this role. */
  public static OwnerType of(Role role) {
    return role.isAi() ? AI : HUMAN;
  }

  /**
   * The owner type a client or the database spells.
   *
   * @throws InvalidRequestException when it names none
   */
  public static OwnerType parse(String spelling) {
    return Spelling.parse(values(), "owner_type", spelling);
  }
}
