package com.omnichannel.api.stream;

import com.omnichannel.contracts.ConversationChanged;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brings every change of every company to the streams open on this instance: one consumer, outside
 * any consumer group, reads every partition of {@link Topics#CONVERSATION_EVENTS} (a group would
 * give each record to one instance only), from the end at start-up. It keeps the recent events of
 * each partition for replays, and reads older ones from Kafka when a stream resumes from further
 * back.
 */
@Component
class EventFanOut implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EventFanOut.class);

  /**
   * Writes an event's data exactly as the record carries it: the API's own mapper would leave out
   * the null fields that its messages always show (delivery_status on a contact's message).
   */
  private static final JsonMapper DATA = JsonMapper.builder().build();

  /** Replays read from Kafka at once; each opens a consumer of its own. */
  private static final int CONCURRENT_KAFKA_REPLAYS = 4;

  private final String bootstrapServers;
  private final EventJson events;
  private final StreamProperties settings;
  private final Map<Integer, PartitionLog> partitions = new ConcurrentHashMap<>();
  private final Semaphore kafkaReplays = new Semaphore(CONCURRENT_KAFKA_REPLAYS);
  private volatile ScheduledExecutorService heartbeats;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Thread reader;
  private volatile boolean running;
  private volatile int partitionCount;

  EventFanOut(
      @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
      EventJson events,
      StreamProperties settings,
      MeterRegistry meters) {
    this.bootstrapServers = bootstrapServers;
    this.events = events;
    this.settings = settings;
    meters.gauge("omni.streams.open", partitions, EventFanOut::openStreams);
  }

  private static double openStreams(Map<Integer, PartitionLog> partitions) {
    return partitions.values().stream().mapToInt(log -> log.subscriptions().size()).sum();
  }

  @Override
  public void start() {
    running = true;
    reader = new Thread(this::read, "event-fan-out");
    reader.setDaemon(true);
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
   * lastEventId} (null: nothing to replay).
   */
  void subscribe(Subscription subscription, Long lastEventId) {
    PartitionLog log = partitions.get(partitionOf(subscription.companyId));
    PartitionLog.Replay replay = log.subscribe(subscription, lastEventId);
    List<StreamEvent> owed = new ArrayList<>();
    if (replay.readFrom() >= 0) {
      owed.addAll(readFromKafka(partitionOf(subscription.companyId), replay, subscription));
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

  private void heartbeat() {
    partitions.values().forEach(log -> log.subscriptions().forEach(Subscription::heartbeat));
  }

  private void read() {
    while (running) {
      try (KafkaConsumer<String, byte[]> kafka = newConsumer()) {
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
                new PartitionLog(settings.recentEvents(), kafka.position(partition)));
          }
        }
        partitionCount = assigned.size();
        log.info(
            "Event streams follow {} partitions of {}",
            assigned.size(),
            Topics.CONVERSATION_EVENTS);
        while (running) {
          for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
            fanOut(record);
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("Reading {} failed, starting over: {}", Topics.CONVERSATION_EVENTS, e.toString());
        sleepBeforeRetry();
      }
    }
  }

  private void fanOut(ConsumerRecord<String, byte[]> record) {
    PartitionLog log = partitions.get(record.partition());
    if (log == null) {
      return;
    }
    ConversationChanged changed = read(record);
    if (changed != null && log.firstSeen(changed.eventId())) {
      log.append(decode(record, changed));
    }
    log.readUpTo(record.offset() + 1);
  }

  /** The record's changes; null when it cannot be read. */
  private ConversationChanged read(ConsumerRecord<String, byte[]> record) {
    try {
      ConversationChanged changed = events.read(record.value(), ConversationChanged.class);
      return changed.eventId() == null || changed.changes() == null ? null : changed;
    } catch (RuntimeException e) {
      log.warn(
          "Skipped unreadable record {}@{}: {}", record.partition(), record.offset(), e.toString());
      return null;
    }
  }

  /** The stream events a record carries. */
  private List<StreamEvent> decode(
      ConsumerRecord<String, byte[]> record, ConversationChanged changed) {
    List<StreamEvent> decoded = new ArrayList<>(changed.changes().size());
    for (int i = 0; i < changed.changes().size() && i < StreamEvent.PER_RECORD; i++) {
      ConversationChanged.Change change = changed.changes().get(i);
      decoded.add(
          new StreamEvent(
              StreamEvent.id(record.offset(), i),
              changed.companyId(),
              changed.conversationId(),
              change.type(),
              DATA.writeValueAsString(change.data())));
    }
    return decoded;
  }

  /** The events of a replay that memory no longer holds, read with a consumer of its own. */
  private List<StreamEvent> readFromKafka(
      int partition, PartitionLog.Replay replay, Subscription subscription) {
    List<StreamEvent> found = new ArrayList<>();
    kafkaReplays.acquireUninterruptibly();
    try (KafkaConsumer<String, byte[]> kafka = newConsumer()) {
      TopicPartition topicPartition = new TopicPartition(Topics.CONVERSATION_EVENTS, partition);
      kafka.assign(List.of(topicPartition));
      kafka.seek(topicPartition, replay.readFrom());
      Set<UUID> seen = new HashSet<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (kafka.position(topicPartition) < replay.readTo() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
          if (record.offset() >= replay.readTo()) {
            break;
          }
          ConversationChanged changed = read(record);
          if (changed != null && seen.add(changed.eventId())) {
            decode(record, changed).stream().filter(subscription::wants).forEach(found::add);
          }
        }
      }
    } finally {
      kafkaReplays.release();
    }
    return found;
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

  private KafkaConsumer<String, byte[]> newConsumer() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-event-streams");
    return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private void sleepBeforeRetry() {
    try {
      TimeUnit.SECONDS.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
