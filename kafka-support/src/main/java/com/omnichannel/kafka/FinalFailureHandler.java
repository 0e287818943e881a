package com.omnichannel.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A service's own way to settle a record that failed its last retry, asked before the record goes
 * to the dead-letter topic. A handler that throws leaves the record to be retried again.
 */
public interface FinalFailureHandler {

  /**
   * @return true when the record is settled and needs no dead-letter record
   */
  boolean settle(ConsumerRecord<?, ?> record, Exception failure);
}
