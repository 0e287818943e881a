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

  private TopicRecords() {}

  /**
   * The first {@code count} records of {@code topic} that {@code match}, waiting up to {@code
   * timeout} for them to arrive.
   *
   * @throws AssertionError when fewer arrive in time
   */
  public static List<ConsumerRecord<String, byte[]>> await(
      String topic, Predicate<ConsumerRecord<String, byte[]>> match, int count, Duration timeout) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().bootstrapServers(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (var consumer = new KafkaConsumer<String, byte[]>(config)) {
      while (found.size() < count && System.nanoTime() < deadline) {
        if (consumer.assignment().isEmpty()) {
          List<TopicPartition> partitions =
              consumer.partitionsFor(topic).stream()
                  .map(p -> new TopicPartition(topic, p.partition()))
                  .toList();
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
}
