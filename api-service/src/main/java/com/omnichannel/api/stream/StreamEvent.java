package com.omnichannel.api.stream;

/**
 * One event of a company's stream.
 *
 * @param id its place in the company's stream: the Kafka offset of its record times {@value
 *     #PER_RECORD}, plus its index in the record; it increases within a company's stream
 * @param type {@code message.created}, {@code message.updated}, {@code conversation.created},
 *     {@code conversation.updated}, or {@value #RESET} (see {@link ResetReason})
 * @param data the message or conversation, as JSON
 */
record StreamEvent(long id, long companyId, long conversationId, String type, String data) {

  /** Ids a record's changes take; a record carries fewer changes than this. */
  static final int PER_RECORD = 10;

  /** The event that starts a stream whose resume could not be served exactly. */
  static final String RESET = "reset";

  static long id(long offset, int index) {
    return offset * PER_RECORD + index;
  }

  /** The offset of the record that holds the event with this id. */
  static long offsetOf(long id) {
    return id / PER_RECORD;
  }

  /**
   * The reset of a stream that goes live from {@code liveFrom}, the offset of the next record read:
   * its id is the last one before that record's first event, so a client that resumes from it gets
   * every event from there on and nothing older.
   */
  static StreamEvent reset(long companyId, long liveFrom, ResetReason reason) {
    return new StreamEvent(id(liveFrom, 0) - 1, companyId, 0, RESET, reason.json());
  }

  boolean isReset() {
    return RESET.equals(type);
  }

  /** What the event's data takes in a buffer, counted as bytes of its JSON. */
  long size() {
    return data.length();
  }
}
