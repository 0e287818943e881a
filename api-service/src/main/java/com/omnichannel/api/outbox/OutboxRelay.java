package com.omnichannel.api.outbox;

import com.omnichannel.contracts.EventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Publishes outbox rows to Kafka in id order and marks them sent.
 *
 * <p>Only one relay is active across all API instances: the one whose database session holds the
 * named lock {@value #LOCK_NAME}. It reads and marks rows through that same session, so if the
 * session dies the lock is gone and the relay stops relaying until it holds the lock again. Rows
 * are relayed at least once: a crash between publishing and marking publishes them again, and
 * consumers are idempotent.
 */
@Component
class OutboxRelay implements SmartLifecycle {

  static final String LOCK_NAME = "omni.outbox-relay";
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final DataSource dataSource;
  private final KafkaTemplate<String, byte[]> kafka;
  private final OutboxProperties properties;
  private final Semaphore wakeUps = new Semaphore(0);
  private final Counter published;
  private final Counter failedRounds;

  private volatile boolean running;
  private volatile boolean leader;
  private Thread thread;
  private Connection lockSession;
  private JdbcClient lockedJdbc;

  OutboxRelay(
      DataSource dataSource,
      KafkaTemplate<String, byte[]> kafka,
      OutboxProperties properties,
      MeterRegistry meters) {
    this.dataSource = dataSource;
    this.kafka = kafka;
    this.properties = properties;
    this.published = meters.counter("omni.outbox.published");
    this.failedRounds = meters.counter("omni.outbox.failed_rounds");
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAppended(OutboxWriter.OutboxAppended appended) {
    wake();
  }

  /** Makes the relay run a round now instead of at its next poll. */
  void wake() {
    if (wakeUps.availablePermits() == 0) {
      wakeUps.release();
    }
  }

  /** Whether this instance holds the relay lock. */
  boolean isLeader() {
    return leader;
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "outbox-relay");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    Duration backoff = properties.pollInterval();
    while (running) {
      try {
        if (!leader && !acquireLeadership()) {
          // A follower only retries for the lock; its own commits are the leader's to relay,
          // so wake-ups must not turn into a GET_LOCK per webhook.
          TimeUnit.MILLISECONDS.sleep(properties.pollInterval().toMillis());
          wakeUps.drainPermits();
          continue;
        }
        int sent = relayRound();
        backoff = properties.pollInterval();
        if (sent < properties.batchSize()) {
          wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wakeUps.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        failedRounds.increment();
        log.warn(
            "Outbox relay round failed, retrying in {} ms: {}", backoff.toMillis(), e.toString());
        if (e instanceof SQLException || e instanceof DataAccessException) {
          releaseLeadership();
        }
        if (!pause(backoff)) {
          break;
        }
        backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
      }
    }
    releaseLeadership();
  }

  private boolean acquireLeadership() throws SQLException {
    Connection session = dataSource.getConnection();
    try {
      session.setAutoCommit(true);
      JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(session, true));
      Integer got =
          jdbc.sql("SELECT GET_LOCK(?, 0)").param(LOCK_NAME).query(Integer.class).single();
      if (got != null && got == 1) {
        lockSession = session;
        lockedJdbc = jdbc;
        leader = true;
        log.info("This instance now relays the outbox");
        return true;
      }
    } catch (RuntimeException | SQLException e) {
      session.close();
      throw e;
    }
    session.close();
    return false;
  }

  private void releaseLeadership() {
    if (lockSession != null) {
      try {
        lockSession.close();
      } catch (SQLException e) {
        log.debug("Closing the relay's session failed", e);
      }
      if (leader) {
        log.info("This instance stopped relaying the outbox");
      }
    }
    lockSession = null;
    lockedJdbc = null;
    leader = false;
  }

  /** Publishes one batch of pending rows; returns how many were published and marked. */
  private int relayRound() throws Exception {
    List<OutboxRow> rows =
        lockedJdbc
            .sql(
                """
                SELECT id, topic, event_key, event_type, correlation_id, payload
                  FROM outbox
                 WHERE sent_at IS NULL
                 ORDER BY id
                 LIMIT ?
                """)
            .param(properties.batchSize())
            .query(OutboxRow.class)
            .list();
    if (rows.isEmpty()) {
      return 0;
    }
    List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      try {
        sends.add(kafka.send(toRecord(row)));
      } catch (RuntimeException e) {
        // An unreachable broker fails the send itself once metadata times out; the rows after
        // it wait for the next round rather than each waiting out the same timeout.
        sends.add(CompletableFuture.failedFuture(e));
        break;
      }
    }
    List<Long> delivered = deliveredPrefix(rows, sends);
    if (!delivered.isEmpty()) {
      lockedJdbc
          .sql("UPDATE outbox SET sent_at = :sentAt WHERE id IN (:ids)")
          .param("sentAt", LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
          .param("ids", delivered)
          .update();
      published.increment(delivered.size());
    }
    if (delivered.size() < rows.size()) {
      throw new IllegalStateException(
          "Kafka acknowledged " + delivered.size() + " of " + rows.size() + " outbox rows");
    }
    return delivered.size();
  }

  /**
   * The ids of the rows acknowledged by the broker, up to the first that was not, so that a row is
   * never marked sent while an earlier one may still be pending.
   */
  private List<Long> deliveredPrefix(
      List<OutboxRow> rows, List<CompletableFuture<SendResult<String, byte[]>>> sends)
      throws InterruptedException {
    long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
    List<Long> delivered = new ArrayList<>(rows.size());
    for (int i = 0; i < sends.size(); i++) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        sends.get(i).get(left, TimeUnit.NANOSECONDS);
        delivered.add(rows.get(i).id());
      } catch (ExecutionException | TimeoutException e) {
        log.warn("Publishing outbox row {} failed: {}", rows.get(i).id(), e.toString());
        break;
      }
    }
    return delivered;
  }

  private static ProducerRecord<String, byte[]> toRecord(OutboxRow row) {
    var record =
        new ProducerRecord<>(
            row.topic(), row.eventKey(), row.payload().getBytes(StandardCharsets.UTF_8));
    record.headers().add(EventHeaders.EVENT_TYPE, utf8(row.eventType()));
    record.headers().add(EventHeaders.CORRELATION_ID, utf8(row.correlationId()));
    return record;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** Waits out a back-off; wake-ups do not cut it short, so an outage is not hammered. */
  private boolean pause(Duration duration) {
    try {
      TimeUnit.MILLISECONDS.sleep(duration.toMillis());
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
