package com.omnichannel.api.stream;

/**
 * Why a resume could not be served exactly, as the {@code reason} of the {@code reset} event's data
 * and the tag of the {@code omni.streams.resets} meter. After a reset the client reloads what it
 * shows through the REST API.
 */
enum ResetReason {
  /**
   * More records behind the live position than a replay may read, or more missed events (or bytes
   * of them) than the stream's queue holds.
   */
  TOO_FAR_BEHIND("too_far_behind"),
  /** Older than the oldest record Kafka still keeps (retention). */
  EXPIRED("expired"),
  /** Reading the replay from Kafka did not finish in its deadline, or failed. */
  REPLAY_INCOMPLETE("replay_incomplete"),
  /** Every replay from Kafka this instance runs at once was taken: no resume waits for one. */
  REPLAY_BUSY("replay_busy"),
  /**
   * Ahead of every record this instance has read of the partition: an id of a topic since
   * recreated, an id made up, or one from an instance that has read further than this one.
   */
  UNKNOWN_POSITION("unknown_position");

  private final String spelling;

  ResetReason(String spelling) {
    this.spelling = spelling;
  }

  String spelling() {
    return spelling;
  }

  /** The reset event's data. */
  String json() {
    return "{\"reason\":\"" + spelling + "\"}";
  }
}
