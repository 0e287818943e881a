package com.omnichannel.api.stream;

/**
 * One event of a company's stream.
 *
 * @param id its place in the company's stream: the Kafka offset of its record times {@value
 *     #PER_RECORD}, plus its index in the record; it increases within a company's stream
 * @param type {@code message.created}, {@code message.updated}, {@code conversation.created} or
 *     {@code conversation.updated}
 * @param data the message or conversation, as JSON
 */
record StreamEvent(long id, long companyId, long conversationId, String type, String data) {

  /** Ids a record's changes take; a record carries fewer changes than this. */
  static final int PER_RECORD = 10;

  static long id(long offset, int index) {
    return offset * PER_RECORD + index;
  }

  /** The offset of the record that holds the event with this id. */
  static long offsetOf(long id) {
    return id / PER_RECORD;
  }
}
