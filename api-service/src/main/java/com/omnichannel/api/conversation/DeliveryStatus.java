package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the delivery of an AI or agent message stands. Statuses only move to a higher rank; a
 * provider's failure may follow pending or sent, and a failed message the provider later reports
 * delivered or read moves on.
 */
public enum DeliveryStatus {
  PENDING(0),
  SENT(1),
  FAILED(1),
  DELIVERED(2),
  READ(3);

  private final int rank;

  DeliveryStatus(int rank) {
    this.rank = rank;
  }

  /** The spelling in the database, in JSON and in providers' status callbacks. */
  @JsonValue
  public String spelling() {
    return Spelling.of(this);
  }

  /** The status a stored or reported spelling names; null for null. */
  public static DeliveryStatus of(String spelling) {
    return spelling == null ? null : valueOf(spelling.toUpperCase(Locale.ROOT));
  }

  /** Whether a message with this status may move to {@code next}. */
  public boolean mayMoveTo(DeliveryStatus next) {
    return next == FAILED ? this == PENDING || this == SENT : next.rank > rank;
  }

  /** The spellings of the statuses a message may move to this one from. */
  List<String> movedFrom() {
    return Arrays.stream(values())
        .filter(from -> from.mayMoveTo(this))
        .map(DeliveryStatus::spelling)
        .toList();
  }
}
