package com.omnichannel.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads a record's headers, whose values are UTF-8 strings (see EventHeaders). */
public final class RecordHeaders {

  private RecordHeaders() {}

  /**
   * The last value of the header, or null when the record has none or its value is null: Kafka
   * allows a header without a value, and no producer's header may make a record unreadable.
   */
  public static String text(ConsumerRecord<?, ?> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
