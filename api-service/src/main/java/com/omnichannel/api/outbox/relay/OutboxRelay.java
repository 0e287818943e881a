package com.omnichannel.api.outbox.relay;

import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.kafka.RecordTracing;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
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
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
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
 *
 * <p>A row the broker refuses for a reason of its own (too large, an invalid topic) is tried {@code
 * omni.outbox.max-attempts} times, then parked: marked failed with its error, counted and logged,
 * so that one bad row never stops every tenant's events. An unreachable broker is not the row's
 * fault and costs it no attempt. Sent rows are pruned after {@code omni.outbox.retention}, in small
 * batches.
 */
@Component
class OutboxRelay implements SmartLifecycle {

  static final String LOCK_NAME = "omni.outbox-relay";
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
  private static final int PRUNE_BATCH = 1_000;
  private static final int MAX_ERROR_LENGTH = 1_000;
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final DataSource dataSource;
  private final KafkaTemplate<String, byte[]> kafka;
  private final RecordTracing tracing;
  private final OutboxProperties properties;
  private final Semaphore wakeUps = new Semaphore(0);
  private final Counter published;
  private final Counter failedRounds;
  private final Counter parked;
  private final Counter pruned;
  private final DistributionSummary batchSizes;
  private final Timer publishLatency;

  private volatile boolean running;
  private volatile boolean leader;
  private Thread thread;
  private Connection lockSession;
  private JdbcClient lockedJdbc;
  private long nextPruneAt;

  OutboxRelay(
      DataSource dataSource,
      KafkaTemplate<String, byte[]> kafka,
      OutboxProperties properties,
      MeterRegistry meters,
      RecordTracing tracing) {
    this.tracing = tracing;
    this.dataSource = dataSource;
    this.kafka = kafka;
    this.properties = properties;
    this.published = meters.counter("omni.outbox.published");
    this.failedRounds = meters.counter("omni.outbox.failed_rounds");
    this.parked = meters.counter("omni.outbox.parked");
    this.pruned = meters.counter("omni.outbox.pruned");
    this.batchSizes =
        DistributionSummary.builder("omni.outbox.batch_size")
            .description("Rows read by a relay round")
            .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1_000)
            .register(meters);
    this.publishLatency =
        Timer.builder("omni.outbox.publish_latency")
            .description("From a round's first send to the broker's last acknowledgement")
            .register(meters);
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
    if (running) {
      // A second relay thread would publish every row twice.
      return;
    }
    running = true;
    nextPruneAt = System.nanoTime();
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
        pruneWhenDue();
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

  /**
   * Gives the lock up for real. The session is a pooled connection: closing it only returns it to
   * the pool, where the lock would stay with it and keep every instance from relaying until the
   * connection retired. So the lock is released explicitly, and the connection is evicted from the
   * pool (closed), in case the session outlived a failed release.
   */
  private void releaseLeadership() {
    if (lockSession != null) {
      try {
        lockedJdbc.sql("SELECT RELEASE_LOCK(?)").param(LOCK_NAME).query(Integer.class).optional();
      } catch (RuntimeException e) {
        log.debug("Releasing the relay lock failed; closing its session instead", e);
      }
      try {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
          dataSource.unwrap(HikariDataSource.class).evictConnection(lockSession);
        }
      } catch (SQLException | RuntimeException e) {
        log.debug("Evicting the relay's session failed", e);
      }
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
                SELECT id, topic, event_key, event_type, correlation_id, payload, attempts,
                       trace_parent
                  FROM outbox
                 WHERE sent_at IS NULL AND failed_at IS NULL
                 ORDER BY id
                 LIMIT ?
                """)
            .param(properties.batchSize())
            .query(OutboxRow.class)
            .list();
    if (rows.isEmpty()) {
      return 0;
    }
    batchSizes.record(rows.size());
    long publishStart = System.nanoTime();
    List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      // The trace of whatever wrote the row goes on here, in a span of the relay's. A row written
      // outside any trace starts none: a trace of that one span would tell nobody anything.
      Span span =
          row.traceParent() == null
              ? null
              : tracing.startFrom(
                  "outbox publish " + row.topic(), row.traceParent(), Span.Kind.PRODUCER);
      try {
        var record = toRecord(row);
        if (span == null) {
          sends.add(kafka.send(record));
        } else {
          tracing.inject(span, record.headers());
          sends.add(kafka.send(record).whenComplete((result, failure) -> end(span, failure)));
        }
      } catch (RuntimeException e) {
        if (span != null) {
          end(span, e);
        }
        // An unreachable broker fails the send itself once metadata times out; the rows after
        // it wait for the next round rather than each waiting out the same timeout.
        sends.add(CompletableFuture.failedFuture(e));
        break;
      }
    }
    Prefix prefix = deliveredPrefix(rows, sends);
    publishLatency.record(System.nanoTime() - publishStart, TimeUnit.NANOSECONDS);
    List<Long> delivered = prefix.delivered();
    if (!delivered.isEmpty()) {
      lockedJdbc
          .sql("UPDATE outbox SET sent_at = :sentAt WHERE id IN (:ids)")
          .param("sentAt", LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
          .param("ids", delivered)
          .update();
      published.increment(delivered.size());
    }
    if (delivered.size() < rows.size()) {
      OutboxRow failed = rows.get(delivered.size());
      if (prefix.failure() != null && refusedByTheBroker(prefix.failure())) {
        recordRefusal(failed, prefix.failure());
      }
      throw new IllegalStateException(
          "Kafka acknowledged " + delivered.size() + " of " + rows.size() + " outbox rows");
    }
    return delivered.size();
  }

  /** The rows acknowledged in order, and why the first one that was not failed. */
  private record Prefix(List<Long> delivered, Throwable failure) {}

  /**
   * The ids of the rows acknowledged by the broker, up to the first that was not, so that a row is
   * never marked sent while an earlier one may still be pending.
   */
  private Prefix deliveredPrefix(
      List<OutboxRow> rows, List<CompletableFuture<SendResult<String, byte[]>>> sends)
      throws InterruptedException {
    long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
    List<Long> delivered = new ArrayList<>(rows.size());
    for (int i = 0; i < sends.size(); i++) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        sends.get(i).get(left, TimeUnit.NANOSECONDS);
        delivered.add(rows.get(i).id());
      } catch (ExecutionException e) {
        log.warn("Publishing outbox row {} failed: {}", rows.get(i).id(), e.getCause().toString());
        return new Prefix(delivered, e.getCause());
      } catch (TimeoutException e) {
        log.warn("Publishing outbox row {} was not acknowledged in time", rows.get(i).id());
        return new Prefix(delivered, null);
      }
    }
    return new Prefix(delivered, null);
  }

  /**
   * Whether the broker or the producer refused the record itself. Anything retriable (an
   * unreachable or overloaded broker, a leader election) is an outage, which costs the row nothing.
   */
  private static boolean refusedByTheBroker(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RetriableException) {
        return false;
      }
      if (t instanceof ApiException) {
        return true;
      }
    }
    return false;
  }

  /** Counts an attempt of a refused row, and parks it once it has used them all. */
  private void recordRefusal(OutboxRow row, Throwable failure) {
    int attempts = row.attempts() + 1;
    boolean park = attempts >= properties.maxAttempts();
    String error = abbreviate(failure.toString());
    lockedJdbc
        .sql("UPDATE outbox SET attempts = ?, last_error = ?, failed_at = ? WHERE id = ?")
        .params(
            attempts,
            error,
            park ? LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC) : null,
            row.id())
        .update();
    if (park) {
      parked.increment();
      log.error(
          "Parked outbox row {} ({} for key {} on {}) after {} attempts: {}",
          row.id(),
          row.eventType(),
          row.eventKey(),
          row.topic(),
          attempts,
          error);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }

  /**
   * Deletes one batch of sent rows older than the retention when a prune is due: one a minute, or
   * at once again after a full batch. A batch per round keeps a large backlog of old rows (the
   * first start after an upgrade, say) from holding up the relaying in between.
   */
  private void pruneWhenDue() {
    long now = System.nanoTime();
    if (now - nextPruneAt < 0) {
      return;
    }
    LocalDateTime cutoff =
        LocalDateTime.ofInstant(Instant.now().minus(properties.retention()), ZoneOffset.UTC);
    int deleted =
        lockedJdbc
            .sql("DELETE FROM outbox WHERE sent_at < ? ORDER BY sent_at LIMIT ?")
            .params(cutoff, PRUNE_BATCH)
            .update();
    pruned.increment(deleted);
    nextPruneAt = deleted == PRUNE_BATCH ? now : now + PRUNE_INTERVAL.toNanos();
  }

  private static void end(Span span, Throwable failure) {
    if (failure != null) {
      span.error(failure);
    }
    span.end();
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
