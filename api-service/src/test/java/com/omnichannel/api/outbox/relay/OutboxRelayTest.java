package com.omnichannel.api.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.RecordHeaders;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.testing.TopicRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay: one active instance, in order, and nothing lost across a crash. */
@ApiIntegrationTest
class OutboxRelayTest {

  @Autowired OutboxRelay relay;
  @Autowired OutboxWriter writer;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired KafkaTemplate<String, byte[]> kafka;
  @Autowired OutboxProperties properties;
  @Autowired TransactionTemplate transaction;
  @Autowired MeterRegistry meters;
  @Autowired RecordTracing tracing;

  @Test
  void onlyOneRelayIsActiveAcrossInstances() {
    await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
    OutboxRelay secondInstance =
        new OutboxRelay(dataSource, kafka, properties, new SimpleMeterRegistry(), tracing);
    secondInstance.start();
    try {
      String key = UUID.randomUUID().toString();
      long id = appendRow(key);

      await().atMost(Duration.ofSeconds(10)).until(() -> sentAt(id) != null);
      assertThat(relay.isLeader()).isTrue();
      assertThat(secondInstance.isLeader()).isFalse();
    } finally {
      secondInstance.stop();
    }
  }

  @Test
  void rowsCommittedBeforeACrashArePublishedByTheNextRelay() {
    // A crash between commit and publish leaves committed, unsent rows: model it by
    // committing while no relay runs, then starting one as a restarted instance would.
    relay.stop();
    long id;
    try {
      id = appendRow(UUID.randomUUID().toString());
      assertThat(sentAt(id)).isNull();
    } finally {
      relay.start();
    }

    await().atMost(Duration.ofSeconds(15)).until(() -> sentAt(id) != null);
  }

  @Test
  void startingARunningRelayAgainPublishesNothingTwice() {
    relay.start();
    String key = UUID.randomUUID().toString();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(appendRow(Topics.MESSAGE_RECEIVED, key, key + "-" + i));
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> ids.stream().allMatch(id -> sentAt(id) != null));

    assertThat(TopicRecords.allUpToEnd(Topics.MESSAGE_RECEIVED, r -> key.equals(correlationOf(r))))
        .hasSize(20);
  }

  @Test
  void rowsArePublishedInIdOrder() {
    // Rows of two keys, interleaved, committed while no relay runs, so that one round publishes
    // them all together and only the relay's ordering decides the order on the topic. The second
    // key's rows are written in a trace, so the round mixes rows the relay publishes in a span of
    // their own with rows it publishes without one.
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();
    relay.stop();
    List<Long> ids = new ArrayList<>();
    String traceId;
    try {
      Span span = tracing.startFrom("writing", null, Span.Kind.SERVER);
      traceId = span.context().traceId();
      for (int i = 0; i < 5; i++) {
        ids.add(appendRow(Topics.MESSAGE_RECEIVED, first, first + "-" + i));
        try (var scope = tracing.inScope(span)) {
          ids.add(appendRow(Topics.MESSAGE_RECEIVED, second, second + "-" + i));
        }
      }
      span.end();
    } finally {
      relay.start();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> ids.stream().allMatch(id -> sentAt(id) != null));

    for (String key : List.of(first, second)) {
      List<ConsumerRecord<String, byte[]>> published =
          TopicRecords.allUpToEnd(Topics.MESSAGE_RECEIVED, r -> key.equals(correlationOf(r)));

      assertThat(published)
          .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactlyElementsOf(payloadsInIdOrder(key));
      assertThat(published)
          .extracting(ConsumerRecord::partition)
          .containsOnly(published.get(0).partition());
    }
    assertThat(
            TopicRecords.allUpToEnd(Topics.MESSAGE_RECEIVED, r -> second.equals(correlationOf(r))))
        .extracting(r -> RecordHeaders.text(r, EventHeaders.TRACEPARENT))
        .hasSize(5)
        .allSatisfy(traceparent -> assertThat(traceparent).contains(traceId));
    assertThat(
            TopicRecords.allUpToEnd(Topics.MESSAGE_RECEIVED, r -> first.equals(correlationOf(r))))
        .extracting(r -> RecordHeaders.text(r, EventHeaders.TRACEPARENT))
        .containsOnlyNulls();
  }

  @Test
  void aFailedRoundReleasesTheLockSoAnotherInstanceTakesOverWithinTwoPollIntervals() {
    relay.stop();
    var faulty = new FaultyDataSource(dataSource);
    var meters = new SimpleMeterRegistry();
    OutboxRelay first = new OutboxRelay(faulty, kafka, properties, meters, tracing);
    OutboxRelay second =
        new OutboxRelay(dataSource, kafka, properties, new SimpleMeterRegistry(), tracing);
    try {
      first.start();
      await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
      second.start();

      // A non-fatal SQL error in a round: the session itself is still fine afterwards.
      faulty.failNextStatement();
      first.wake();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> meters.counter("omni.outbox.failed_rounds").count() >= 1);
      first.stop();

      await()
          .atMost(properties.pollInterval().multipliedBy(2).plusMillis(300))
          .until(second::isLeader);
      long id = appendRow(UUID.randomUUID().toString());
      await().atMost(Duration.ofSeconds(10)).until(() -> sentAt(id) != null);
    } finally {
      first.stop();
      second.stop();
      relay.start();
    }
  }

  @Test
  void whenTheLeaderDiesAnotherInstanceTakesOverAndRowsStillGoOut() {
    relay.stop();
    var faulty = new FaultyDataSource(dataSource);
    OutboxRelay leader =
        new OutboxRelay(faulty, kafka, properties, new SimpleMeterRegistry(), tracing);
    OutboxRelay standby =
        new OutboxRelay(dataSource, kafka, properties, new SimpleMeterRegistry(), tracing);
    try {
      leader.start();
      await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
      standby.start();

      // The leader's process stops answering, and the database drops its session, as when the
      // process is killed: the lock goes with the session.
      faulty.freeze();
      leader.wake();
      await().atMost(Duration.ofSeconds(5)).until(faulty::hasFrozenCaller);
      long session =
          jdbc.sql("SELECT IS_USED_LOCK(?)")
              .param(RelayLeadership.LOCK_NAME)
              .query(Long.class)
              .single();
      transaction.executeWithoutResult(tx -> jdbc.sql("KILL " + session).update());

      await().atMost(Duration.ofSeconds(5)).until(standby::isLeader);
      long id = appendRow(UUID.randomUUID().toString());
      await().atMost(Duration.ofSeconds(10)).until(() -> sentAt(id) != null);
    } finally {
      faulty.thaw();
      leader.stop();
      standby.stop();
      relay.start();
    }
  }

  @Test
  void aLeaderThatFreezesSilentlyLosesTheLockWithinItsSessionTimeout() {
    relay.stop();
    var faulty = new FaultyDataSource(dataSource);
    OutboxProperties shortSessions = withLeaderSessionTimeout(Duration.ofSeconds(2));
    OutboxRelay leader =
        new OutboxRelay(faulty, kafka, shortSessions, new SimpleMeterRegistry(), tracing);
    OutboxRelay standby =
        new OutboxRelay(dataSource, kafka, shortSessions, new SimpleMeterRegistry(), tracing);
    try {
      leader.start();
      await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
      standby.start();

      // The whole process stops (a frozen VM, a partition): no statement, no ping, and nobody
      // closes its session. Only the session's idle timeout frees the lock.
      faulty.freezeProcess();
      leader.wake();
      await().atMost(Duration.ofSeconds(5)).until(faulty::hasFrozenCaller);

      await().atMost(Duration.ofSeconds(8)).until(standby::isLeader);
      long id = appendRow(UUID.randomUUID().toString());
      await().atMost(Duration.ofSeconds(10)).until(() -> sentAt(id) != null);
    } finally {
      faulty.thaw();
      leader.stop();
      standby.stop();
      relay.start();
    }
  }

  @Test
  void aLeaderWhoseSessionDiesMidRoundStepsDownAtOnce() {
    relay.stop();
    var faulty = new FaultyDataSource(dataSource);
    OutboxRelay leader =
        new OutboxRelay(
            faulty,
            kafka,
            withLeaderSessionTimeout(Duration.ofSeconds(3)),
            new SimpleMeterRegistry(),
            tracing);
    try {
      leader.start();
      await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
      // A round is stuck (as on a broker that does not answer), and the session is dropped.
      faulty.freeze();
      leader.wake();
      await().atMost(Duration.ofSeconds(5)).until(faulty::hasFrozenCaller);
      long session =
          jdbc.sql("SELECT IS_USED_LOCK(?)")
              .param(RelayLeadership.LOCK_NAME)
              .query(Long.class)
              .single();
      transaction.executeWithoutResult(tx -> jdbc.sql("KILL " + session).update());

      // The keep-alive notices within a ping, while the round is still stuck.
      await().atMost(Duration.ofSeconds(3)).until(() -> !leader.isLeader());

      faulty.thaw();
      await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
    } finally {
      faulty.thaw();
      leader.stop();
      relay.start();
    }
  }

  private OutboxProperties withLeaderSessionTimeout(Duration timeout) {
    return new OutboxProperties(
        properties.batchSize(),
        properties.pollInterval(),
        properties.roundSpacing(),
        properties.sendTimeout(),
        properties.maxAttempts(),
        properties.retention(),
        properties.backlogInterval(),
        timeout);
  }

  @Test
  void aRowTheBrokerRefusesIsParkedAndTheRowsAfterItStillGoOut() {
    double parkedBefore = meters.counter("omni.outbox.parked").count();
    String key = UUID.randomUUID().toString();
    // A topic name Kafka refuses: no retry can ever publish this row. Both rows are written in a
    // trace, so the relay publishes each in a span, which the refusal must not get in the way of.
    Span span = tracing.startFrom("writing", null, Span.Kind.SERVER);
    long refused;
    long after;
    try (var scope = tracing.inScope(span)) {
      refused = appendRow("omni.not a valid topic!", key, key);
      after = appendRow(key);
    } finally {
      span.end();
    }
    assertThat(traceParentOf(refused)).contains(span.context().traceId());

    await().atMost(Duration.ofSeconds(30)).until(() -> sentAt(after) != null);

    var row =
        jdbc.sql("SELECT attempts, last_error, failed_at, sent_at FROM outbox WHERE id = ?")
            .param(refused)
            .query()
            .singleRow();
    assertThat(row.get("attempts")).isEqualTo(properties.maxAttempts());
    assertThat((String) row.get("last_error")).isNotBlank();
    assertThat(row.get("failed_at")).isNotNull();
    assertThat(row.get("sent_at")).isNull();
    assertThat(meters.counter("omni.outbox.parked").count()).isEqualTo(parkedBefore + 1);
  }

  @Test
  void sentRowsArePrunedAfterTheRetention() {
    relay.stop();
    OutboxRelay pruning =
        new OutboxRelay(
            dataSource,
            kafka,
            new OutboxProperties(
                properties.batchSize(),
                properties.pollInterval(),
                properties.roundSpacing(),
                properties.sendTimeout(),
                properties.maxAttempts(),
                Duration.ofHours(1),
                properties.backlogInterval(),
                properties.leaderSessionTimeout()),
            new SimpleMeterRegistry(),
            tracing);
    try {
      long old = appendRow(UUID.randomUUID().toString());
      long recent = appendRow(UUID.randomUUID().toString());
      markSent(old, LocalDateTime.now(ZoneOffset.UTC).minusHours(2));
      markSent(recent, LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1));

      pruning.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> !exists(old));
      assertThat(exists(recent)).isTrue();
    } finally {
      pruning.stop();
      relay.start();
    }
  }

  private void markSent(long id, LocalDateTime at) {
    transaction.executeWithoutResult(
        tx -> jdbc.sql("UPDATE outbox SET sent_at = ? WHERE id = ?").params(at, id).update());
  }

  private String traceParentOf(long id) {
    return jdbc.sql("SELECT trace_parent FROM outbox WHERE id = ?")
        .param(id)
        .query(String.class)
        .single();
  }

  private boolean exists(long id) {
    return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE id = ?").param(id).query(Long.class).single()
        > 0;
  }

  private long appendRow(String key) {
    return appendRow(Topics.MESSAGE_RECEIVED, key, key);
  }

  /** A committed outbox row whose correlation id is {@code key}; its id. */
  private long appendRow(String topic, String key, String marker) {
    transaction.executeWithoutResult(
        tx -> writer.append(topic, Math.abs(key.hashCode()), "TestEvent", key, new Marker(marker)));
    return jdbc.sql("SELECT MAX(id) FROM outbox WHERE correlation_id = ?")
        .param(key)
        .query(Long.class)
        .single();
  }

  private LocalDateTime sentAt(long id) {
    return jdbc.sql("SELECT sent_at FROM outbox WHERE id = ?")
        .param(id)
        .query(LocalDateTime.class)
        .optional()
        .orElse(null);
  }

  record Marker(String marker) {}

  private List<String> payloadsInIdOrder(String correlationId) {
    return jdbc.sql("SELECT payload FROM outbox WHERE correlation_id = ? ORDER BY id")
        .param(correlationId)
        .query(String.class)
        .list();
  }

  private static String correlationOf(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(EventHeaders.CORRELATION_ID);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
