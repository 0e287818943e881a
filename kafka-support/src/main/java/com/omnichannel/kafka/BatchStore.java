package com.omnichannel.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * How a batch listener stores the events of a batch so that a failure names the one record at
 * fault: the error handler then commits the records before it and retries (in the end dead-letters)
 * that record alone, instead of the whole batch.
 */
public final class BatchStore {

  private static final Logger log = LoggerFactory.getLogger(BatchStore.class);

  private BatchStore() {}

  /**
   * Reads the records in order and stores what they carry. At the first record that cannot be read,
   * stores the ones before it and names it. When storing the batch fails for a reason other than an
   * outage, stores the events one by one to name the one that fails; {@code store} must therefore
   * be idempotent, as storing the ones before it again changes nothing.
   *
   * @param read turns a record into its event, or throws {@link UnreadableEventException}
   * @param store stores events, all or none (or idempotently)
   */
  public static <T> void readAndStore(
      List<ConsumerRecord<String, byte[]>> records,
      Function<ConsumerRecord<String, byte[]>, T> read,
      Consumer<List<T>> store) {
    List<T> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        events.add(read.apply(records.get(i)));
      } catch (UnreadableEventException e) {
        store(events, store);
        throw new BatchListenerFailedException(e.getMessage(), e, i);
      }
    }
    store(events, store);
  }

  private static <T> void store(List<T> events, Consumer<List<T>> store) {
    try {
      store.accept(events);
    } catch (RuntimeException batchFailure) {
      if (OmniKafkaAutoConfiguration.dependencyUnavailable(batchFailure) || events.size() == 1) {
        // Nothing that matters was stored; the error handler retries from the first record.
        throw new BatchListenerFailedException(
            "Storing the batch failed: " + batchFailure, batchFailure, 0);
      }
      log.info("A batch of {} events failed; storing them one by one", events.size());
      for (int i = 0; i < events.size(); i++) {
        try {
          store.accept(List.of(events.get(i)));
        } catch (RuntimeException e) {
          throw new BatchListenerFailedException("Storing an event failed: " + e, e, i);
        }
      }
    }
  }
}
