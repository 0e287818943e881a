package com.omnichannel.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks at the topics of a running broker without a UI.
 *
 * <ul>
 *   <li>{@code topics}: every topic with its end offset per partition.
 *   <li>{@code tail TOPIC [--from-beginning]}: prints each record (partition, offset, key, headers
 *       and value) as it arrives, until interrupted. Without {@code --from-beginning} it starts at
 *       the end, so it shows only what happens from now on.
 * </ul>
 *
 * The broker is {@code $KAFKA_BOOTSTRAP_SERVERS}, else {@code 127.0.0.1:$KAFKA_PORT}.
 */
public final class TopicInspector {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private TopicInspector() {}

  public static void main(String[] args) throws Exception {
    String bootstrapServers = bootstrapServers();
    if (args.length == 1 && args[0].equals("topics")) {
      listTopics(bootstrapServers);
    } else if (args.length >= 2 && args[0].equals("tail")) {
      boolean fromBeginning = List.of(args).contains("--from-beginning");
      System.exit(tail(bootstrapServers, args[1], fromBeginning));
    } else {
      System.err.println("usage: TopicInspector topics | tail TOPIC [--from-beginning]");
      System.exit(2);
    }
  }

  private static String bootstrapServers() {
    String servers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    if (servers != null && !servers.isBlank()) {
      return servers;
    }
    return "127.0.0.1:" + LaunchSettings.port("KAFKA_PORT", 9092);
  }

  private static void listTopics(String bootstrapServers) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis() / 2,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis()))) {
      Set<String> names = new TreeSet<>(admin.listTopics().names().get());
      if (names.isEmpty()) {
        System.out.println("no topics at " + bootstrapServers);
        return;
      }
      Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
      List<TopicPartition> partitions =
          topics.values().stream()
              .flatMap(
                  topic ->
                      topic.partitions().stream()
                          .map(
                              partition -> new TopicPartition(topic.name(), partition.partition())))
              .toList();
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          admin
              .listOffsets(
                  partitions.stream()
                      .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
              .all()
              .get();
      int width = names.stream().mapToInt(String::length).max().orElse(0);
      for (String name : names) {
        List<TopicPartition> own =
            partitions.stream()
                .filter(p -> p.topic().equals(name))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
        long total = own.stream().mapToLong(p -> ends.get(p).offset()).sum();
        String perPartition =
            own.stream()
                .map(p -> p.partition() + ":" + ends.get(p).offset())
                .collect(Collectors.joining(" "));
        System.out.printf(
            "%-" + width + "s  records %6d  end offsets %s%n", name, total, perPartition);
      }
    }
  }

  /** Prints records until interrupted; returns the exit status. */
  private static int tail(String bootstrapServers, String topic, boolean fromBeginning)
      throws InterruptedException {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // No consumer group: assigned partitions, no committed offsets, nothing left behind.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  consumer.wakeup();
                  awaitQuietly(closed);
                }));
    try (consumer) {
      List<TopicPartition> partitions = partitionsOf(consumer, topic);
      if (partitions.isEmpty()) {
        System.err.println("no topic " + topic + " at " + bootstrapServers);
        return 1;
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      partitions.forEach(consumer::position); // fix the starting point before printing it
      System.out.printf(
          "tailing %s (%d partitions) at %s from the %s; Ctrl-C to stop%n",
          topic, partitions.size(), bootstrapServers, fromBeginning ? "beginning" : "end");
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(describe(record));
        }
      }
    } catch (WakeupException e) {
      // Interrupted by Ctrl-C or SIGTERM.
      return 0;
    } finally {
      closed.countDown();
    }
  }

  private static List<TopicPartition> partitionsOf(
      KafkaConsumer<byte[], byte[]> consumer, String topic) throws InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      var infos = consumer.partitionsFor(topic, TIMEOUT);
      if (!infos.isEmpty()) {
        return infos.stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .sorted(Comparator.comparingInt(TopicPartition::partition))
            .toList();
      }
      if (Instant.now().isAfter(deadline)) {
        return List.of();
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  static String describe(ConsumerRecord<byte[], byte[]> record) {
    List<String> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(header.key() + "=" + text(header.value()));
    }
    return "%s-%d@%d  %s  key=%s  headers={%s}%n  %s"
        .formatted(
            record.topic(),
            record.partition(),
            record.offset(),
            Instant.ofEpochMilli(record.timestamp()),
            text(record.key()),
            String.join(", ", headers),
            text(record.value()));
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
