package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import com.omnichannel.api.company.Role;
import com.omnichannel.api.web.InvalidRequestException;
import java.util.Locale;

/** Who owns a conversation, as the inbox shows and filters it: the AI or a human agent. */
public enum OwnerType {
  AI,
  HUMAN;

  /** The spelling in the database and in JSON. */
  @JsonValue
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A conversation owned by a user with this role. */
  public static OwnerType of(Role role) {
    return role.isAi() ? AI : HUMAN;
  }

  /**
   * The owner type a client spells.
   *
   * @throws InvalidRequestException when it is neither {@code ai} nor {@code human}
   */
  public static OwnerType parse(String spelling) {
    for (OwnerType type : values()) {
      if (type.spelling().equals(spelling)) {
        return type;
      }
    }
    throw new InvalidRequestException("owner_type must be ai or human, not '" + spelling + "'");
  }
}
