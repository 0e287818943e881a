package com.omnichannel.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.contracts.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
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

  @Test
  void onlyOneRelayIsActiveAcrossInstances() {
    await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
    OutboxRelay secondInstance =
        new OutboxRelay(dataSource, kafka, properties, new SimpleMeterRegistry());
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
  void rowsArePublishedInIdOrder() {
    String key = UUID.randomUUID().toString();
    long first = appendRow(key);
    long second = appendRow(key);

    await().atMost(Duration.ofSeconds(10)).until(() -> sentAt(second) != null);
    assertThat(sentAt(first)).isBeforeOrEqualTo(sentAt(second));
  }

  private long appendRow(String key) {
    transaction.executeWithoutResult(
        tx ->
            writer.append(
                Topics.MESSAGE_RECEIVED,
                Math.abs(key.hashCode()),
                "TestEvent",
                key,
                new Marker(key)));
    return jdbc.sql("SELECT MAX(id) FROM outbox WHERE correlation_id = ?")
        .param(key)
        .query(Long.class)
        .single();
  }

  private java.time.LocalDateTime sentAt(long id) {
    return jdbc.sql("SELECT sent_at FROM outbox WHERE id = ?")
        .param(id)
        .query(java.time.LocalDateTime.class)
        .optional()
        .orElse(null);
  }

  record Marker(String marker) {}
}
