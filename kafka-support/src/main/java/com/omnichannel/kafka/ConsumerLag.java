package com.omnichannel.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code omni.kafka.consumer_lag{group,topic}}: the records this service's consumer group has yet
 * to read, summed over the partitions it has committed offsets on. Measured through the admin
 * client, from the broker's end offsets and the group's commits, so it keeps growing while every
 * consumer of the group is stuck or gone, which the consumers' own metrics cannot show.
 */
class ConsumerLag extends PeriodicMeasurement {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final BrokerAdmin admin;
  private final String group;
  private final MeterRegistry meters;
  private final Map<String, AtomicLong> lagByTopic = new ConcurrentHashMap<>();

  ConsumerLag(BrokerAdmin admin, String group, Duration interval, MeterRegistry meters) {
    super("consumer-lag", interval);
    this.admin = admin;
    this.group = group;
    this.meters = meters;
  }

  /** Measures the lag now; the gauges show it until the next measurement. */
  @Override
  protected void measure() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .client()
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    committed.values().removeIf(offset -> offset == null);
    if (committed.isEmpty()) {
      return;
    }
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        admin
            .client()
            .listOffsets(
                committed.keySet().stream()
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
            .all()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<String, Long> lag =
        committed.entrySet().stream()
            .filter(e -> ends.containsKey(e.getKey()))
            .collect(
                Collectors.groupingBy(
                    e -> e.getKey().topic(),
                    Collectors.summingLong(
                        e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset()))));
    lag.forEach((topic, records) -> gaugeOf(topic).set(records));
  }

  private AtomicLong gaugeOf(String topic) {
    return lagByTopic.computeIfAbsent(
        topic,
        t -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder("omni.kafka.consumer_lag", value, AtomicLong::get)
              .description("Records the consumer group has yet to read from the topic")
              .tags("group", group, "topic", t)
              .register(meters);
          return value;
        });
  }
}
