package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What one delivery attempt came to, as {@link DeliveryAttempted} reports it. */
public enum DeliveryOutcome {
  /** The provider answered 2xx: the message is sent and must never be sent again. */
  SENT,

  /** 408, 429, 5xx, a timeout or a connection error: worth another attempt later. */
  RETRYABLE,

  /** Any other 4xx, or an address the sender may not call: another attempt would fail the same. */
  REJECTED,

  /** The sender did not try (its channel's requests in flight were at their limit); not counted. */
  DEFERRED;

  /** The spelling in events and metric tags. */
  @JsonValue
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The outcome an event spells.
   *
   * @throws IllegalArgumentException when it names none, which makes the event unreadable
   */
  @JsonCreator
  public static DeliveryOutcome of(String spelling) {
    for (DeliveryOutcome outcome : values()) {
      if (outcome.spelling().equals(spelling)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("Unknown delivery outcome '" + spelling + "'");
  }
}
