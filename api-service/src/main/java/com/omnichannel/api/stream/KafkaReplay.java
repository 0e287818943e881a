package com.omnichannel.api.stream;

import com.omnichannel.contracts.ConversationChanged;
import com.omnichannel.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads the part of a replay that memory no longer holds from Kafka, with a consumer of its own. It
 * is all or nothing: a gap that Kafka no longer keeps, or that cannot be read within {@link
 * StreamProperties#replayDeadline()}, is a reset, never a replay with a hole in it.
 */
@Component
class KafkaReplay {

  private static final Logger log = LoggerFactory.getLogger(KafkaReplay.class);

  /** Replays read from Kafka at once; each opens a consumer of its own. */
  private static final int CONCURRENT_KAFKA_REPLAYS = 4;

  private static final Duration LONGEST_POLL = Duration.ofMillis(200);

  private final ChangeRecords records;
  private final Duration deadline;
  private final Semaphore kafkaReplays;

  @Autowired
  KafkaReplay(ChangeRecords records, StreamProperties settings) {
    this(records, settings.replayDeadline(), CONCURRENT_KAFKA_REPLAYS);
  }

  KafkaReplay(ChangeRecords records, Duration deadline, int concurrentReplays) {
    this.records = records;
    this.deadline = deadline;
    this.kafkaReplays = new Semaphore(concurrentReplays);
  }

  /**
   * What was read: the stream's events of the gap, or, when the gap cannot be served whole, why.
   */
  record Outcome(List<StreamEvent> events, ResetReason reset) {

    static Outcome reset(ResetReason reason) {
      return new Outcome(List.of(), reason);
    }
  }

  /**
   * The stream's events of the replay's offsets {@code [readFrom, readTo)} of the partition; more
   * of them than {@code budget} (what the stream's queue has left after the replay's events from
   * memory) are not read on but reset. Never waits for another replay to finish: when all are
   * taken, the stream is reset at once.
   */
  Outcome read(
      int partition,
      PartitionLog.Replay replay,
      Subscription subscription,
      Subscription.Limits budget) {
    if (!kafkaReplays.tryAcquire()) {
      log.info("Every replay from Kafka is taken; a stream of partition {} is reset", partition);
      return Outcome.reset(ResetReason.REPLAY_BUSY);
    }
    long until = System.nanoTime() + deadline.toNanos();
    try (KafkaConsumer<String, byte[]> kafka = records.newConsumer()) {
      TopicPartition topicPartition = new TopicPartition(Topics.CONVERSATION_EVENTS, partition);
      kafka.assign(List.of(topicPartition));
      return readGap(kafka, topicPartition, replay, subscription, budget, until);
    } catch (KafkaException e) {
      log.warn("Could not replay partition {} from Kafka: {}", partition, e.toString());
      return Outcome.reset(ResetReason.REPLAY_INCOMPLETE);
    } finally {
      kafkaReplays.release();
    }
  }

  private Outcome readGap(
      KafkaConsumer<String, byte[]> kafka,
      TopicPartition partition,
      PartitionLog.Replay replay,
      Subscription subscription,
      Subscription.Limits budget,
      long until) {
    Long oldest = kafka.beginningOffsets(List.of(partition), remaining(until)).get(partition);
    if (oldest == null || oldest > replay.readFrom()) {
      return Outcome.reset(ResetReason.EXPIRED);
    }
    kafka.seek(partition, replay.readFrom());
    List<StreamEvent> found = new ArrayList<>();
    long foundBytes = 0;
    Set<UUID> seen = new HashSet<>();
    while (kafka.position(partition, remaining(until)) < replay.readTo()) {
      if (System.nanoTime() >= until) {
        log.info(
            "Replay of partition {} from {} to {} did not finish in {}; the stream is reset",
            partition.partition(),
            replay.readFrom(),
            replay.readTo(),
            deadline);
        return Outcome.reset(ResetReason.REPLAY_INCOMPLETE);
      }
      Duration poll = remaining(until);
      for (ConsumerRecord<String, byte[]> record :
          kafka.poll(poll.compareTo(LONGEST_POLL) < 0 ? poll : LONGEST_POLL)) {
        if (record.offset() >= replay.readTo()) {
          break;
        }
        ConversationChanged changed = records.read(record);
        if (changed == null || !seen.add(changed.eventId())) {
          continue;
        }
        for (StreamEvent event : records.decode(record, changed)) {
          if (subscription.wants(event)) {
            found.add(event);
            foundBytes += event.size();
          }
        }
        if (found.size() > budget.events() || foundBytes > budget.bytes()) {
          return Outcome.reset(ResetReason.TOO_FAR_BEHIND);
        }
      }
    }
    return new Outcome(found, null);
  }

  private static Duration remaining(long until) {
    return Duration.ofNanos(Math.max(1_000_000, until - System.nanoTime()));
  }
}
