package com.omnichannel.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of the shared broker from the beginning, as a person inspecting it would. */
public final class TopicRecords {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private TopicRecords() {}

  /**
   * The first {@code count} records of {@code topic} that {@code match}, waiting up to {@code
   * timeout} for them to arrive. It stops at the {@code count}th match, so it cannot tell whether
   * more follow: use {@link #allUpToEnd} to prove that a record is there exactly once.
   *
   * @throws AssertionError when fewer arrive in time
   */
  public static List<ConsumerRecord<String, byte[]>> await(
      String topic, Predicate<ConsumerRecord<String, byte[]>> match, int count, Duration timeout) {
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (var consumer = newConsumer()) {
      while (found.size() < count && System.nanoTime() < deadline) {
        if (consumer.assignment().isEmpty()) {
          List<TopicPartition> partitions = partitions(consumer, topic);
          consumer.assign(partitions);
          consumer.seekToBeginning(partitions);
        }
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (match.test(r)) {
                    found.add(r);
                  }
                });
      }
    }
    if (found.size() < count) {
      throw new AssertionError(
          "Expected "
              + count
              + " matching records on "
              + topic
              + " within "
              + timeout
              + ", found "
              + found.size());
    }
    return found.subList(0, count);
  }

  /**
   * Every record of {@code topic} that {@code match}es, from the beginning of each partition up to
   * its end offset at the time of the call; per partition in offset order. Whatever was
   * acknowledged by the broker before the call is included, so the size of the result is the exact
   * number of such records on the topic.
   *
   * @throws AssertionError when the partitions cannot be read to their end within 30 s
   */
  public static List<ConsumerRecord<String, byte[]>> allUpToEnd(
      String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    try (var consumer = newConsumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, READ_TIMEOUT);
      List<TopicPartition> unread =
          new ArrayList<>(partitions.stream().filter(p -> endOffsets.get(p) > 0).toList());
      consumer.assign(unread);
      consumer.seekToBeginning(unread);
      while (!unread.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "Could not read " + unread + " up to their end offsets " + endOffsets);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition partition = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < endOffsets.get(partition) && match.test(r)) {
            found.add(r);
          }
        }
        // position() rather than the last record's offset: transaction markers and compacted
        // records take offsets that no record is returned for.
        List<TopicPartition> done =
            unread.stream().filter(p -> consumer.position(p) >= endOffsets.get(p)).toList();
        consumer.pause(done);
        unread.removeAll(done);
      }
    }
    return found;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> consumer, String topic) {
    return consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  private static KafkaConsumer<String, byte[]> newConsumer() {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().bootstrapServers(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(config);
  }
}
