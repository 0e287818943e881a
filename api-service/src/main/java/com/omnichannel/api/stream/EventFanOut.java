package com.omnichannel.api.stream;

import com.omnichannel.api.web.AdmissionSlot;
import com.omnichannel.contracts.ConversationChanged;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.BackgroundLoop;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Brings every change of every company to the streams open on this instance: one consumer, outside
 * any consumer group, reads every partition of {@link Topics#CONVERSATION_EVENTS} (a group would
 * give each record to one instance only), from the end at start-up. It keeps the recent events of
 * each partition for replays, and has older ones read from Kafka ({@link KafkaReplay}) when a
 * stream resumes from further back; a resume that cannot be served whole starts with {@code event:
 * reset} and goes on live.
 */
@Component
class EventFanOut implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EventFanOut.class);

  /** The wait before reading or looking up the partitions again. */
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final ChangeRecords records;
  private final KafkaReplay kafkaReplay;
  private final StreamProperties settings;
  private final MeterRegistry meters;
  private final Map<Integer, PartitionLog> partitions = new ConcurrentHashMap<>();
  private final BackgroundLoop reader;
  private volatile ScheduledExecutorService heartbeats;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean running;
  private volatile int partitionCount;

  EventFanOut(
      ChangeRecords records,
      KafkaReplay kafkaReplay,
      StreamProperties settings,
      MeterRegistry meters) {
    this.records = records;
    this.kafkaReplay = kafkaReplay;
    this.settings = settings;
    this.meters = meters;
    this.reader =
        BackgroundLoop.named("event-fan-out")
            .pollInterval(RETRY)
            .onFailure(this::readingFailed)
            .rounds(this::follow);
    meters.gauge("omni.streams.open", partitions, EventFanOut::openStreams);
  }

  private static double openStreams(Map<Integer, PartitionLog> partitions) {
    return partitions.values().stream().mapToInt(log -> log.subscriptions().size()).sum();
  }

  @Override
  public void start() {
    running = true;
    reader.start();
    long every = settings.heartbeat().toMillis();
    // Made anew on every start: a stopped context (a paused test context, say) starts again.
    heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "event-stream-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    heartbeats.shutdownNow();
    partitions.values().forEach(log -> log.subscriptions().forEach(Subscription::close));
    reader.stop();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Whether the reader has its partitions, so a stream can subscribe. */
  boolean ready() {
    return partitionCount > 0;
  }

  /**
   * Subscribes the stream to its company's partition and starts it with what it missed after {@code
   * lastEventId} (null: nothing to replay), or with a reset when that cannot be served whole.
   */
  void subscribe(Subscription subscription, Long lastEventId) {
    int partition = partitionOf(subscription.companyId);
    PartitionLog.Replay replay =
        partitions.get(partition).subscribe(subscription, lastEventId, settings.replayMaxEvents());
    List<StreamEvent> owed = new ArrayList<>();
    ResetReason reset = replay.reset();
    if (reset == null && replay.readFrom() >= 0) {
      Subscription.Limits budget = subscription.limits().less(replay.fromMemory());
      // Reading Kafka may take up to its deadline: the request gives its admission permit back
      // meanwhile, so resuming streams never hold the capacity the webhooks need.
      KafkaReplay.Outcome read =
          AdmissionSlot.outside(() -> kafkaReplay.read(partition, replay, subscription, budget));
      reset = read.reset();
      owed.addAll(read.events());
    }
    if (reset != null) {
      meters.counter("omni.streams.resets", "reason", reset.spelling()).increment();
      subscription.startWithReset(
          StreamEvent.reset(subscription.companyId, replay.liveFrom(), reset));
      return;
    }
    owed.addAll(replay.fromMemory());
    subscription.start(owed);
  }

  void unsubscribe(Subscription subscription) {
    PartitionLog log = partitions.get(partitionOf(subscription.companyId));
    if (log != null) {
      log.unsubscribe(subscription);
    }
  }

  /** The partition a company's records go to: the producer's own choice for the key. */
  private int partitionOf(long companyId) {
    byte[] key = Long.toString(companyId).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
  }

  /** Every stream open on this instance. */
  List<Subscription> open() {
    List<Subscription> open = new ArrayList<>();
    partitions.values().forEach(log -> open.addAll(log.subscriptions()));
    return open;
  }

  private void heartbeat() {
    partitions.values().forEach(log -> log.subscriptions().forEach(Subscription::heartbeat));
  }

  /** The reader's one long round: every partition followed until stopped or failed. */
  private boolean follow() {
    try (KafkaConsumer<String, byte[]> kafka = records.newConsumer()) {
      consumer = kafka;
      List<TopicPartition> assigned = assignAll(kafka);
      // From the end at start-up; after a failure, from where reading stopped.
      for (TopicPartition partition : assigned) {
        PartitionLog known = partitions.get(partition.partition());
        if (known != null) {
          kafka.seek(partition, known.next());
        } else {
          kafka.seekToEnd(List.of(partition));
          partitions.put(
              partition.partition(),
              new PartitionLog(
                  settings.recentEvents(),
                  settings.recentBytes().toBytes(),
                  kafka.position(partition)));
        }
      }
      partitionCount = assigned.size();
      log.info(
          "Event streams follow {} partitions of {}", assigned.size(), Topics.CONVERSATION_EVENTS);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
          fanOut(record);
        }
      }
    }
    return false;
  }

  /** Logs a failure of reading, unless it is the consumer woken up or interrupted by a stop. */
  private void readingFailed(Exception failure, Duration retryIn) {
    if (running) {
      log.warn(
          "Reading {} failed, starting over: {}", Topics.CONVERSATION_EVENTS, failure.toString());
    }
  }

  private void fanOut(ConsumerRecord<String, byte[]> record) {
    PartitionLog log = partitions.get(record.partition());
    if (log == null) {
      return;
    }
    ConversationChanged changed = records.read(record);
    if (changed != null && log.firstSeen(changed.eventId())) {
      log.append(records.decode(record, changed), record.offset() + 1);
    } else {
      log.readUpTo(record.offset() + 1);
    }
  }

  private List<TopicPartition> assignAll(KafkaConsumer<String, byte[]> kafka) {
    while (running) {
      List<PartitionInfo> infos =
          kafka.partitionsFor(Topics.CONVERSATION_EVENTS, Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> all =
            infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        kafka.assign(all);
        return all;
      }
      sleepBeforeRetry();
    }
    throw new WakeupException();
  }

  private void sleepBeforeRetry() {
    try {
      TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
