package com.omnichannel.api.outbox.relay;

import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.kafka.RecordTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Publishes outbox rows to Kafka in id order and marks them sent.
 *
 * <p>Only one relay is active across all API instances: the one whose database session holds the
 * named lock {@value RelayLeadership#LOCK_NAME}. It reads and marks rows through that same session,
 * so if the session dies the lock is gone and the relay stops relaying until it holds the lock
 * again. Rows are relayed at least once: a crash between publishing and marking publishes them
 * again, and consumers are idempotent.
 *
 * <p>A row the broker refuses for a reason of its own (too large, an invalid topic) is tried {@code
 * omni.outbox.max-attempts} times, then parked: marked failed with its error, counted and logged,
 * so that one bad row never stops every tenant's events. An unreachable broker is not the row's
 * fault and costs it no attempt. Sent rows are pruned after {@code omni.outbox.retention}, in small
 * batches.
 */
@Component
class OutboxRelay implements SmartLifecycle {

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final OutboxProperties properties;
  private final RelayLeadership leadership;
  private final RelayRound round;
  private final OutboxPruner pruner;
  private final Semaphore wakeUps = new Semaphore(0);
  private final Counter failedRounds;

  private volatile boolean running;
  private Thread thread;

  OutboxRelay(
      DataSource dataSource,
      KafkaTemplate<String, byte[]> kafka,
      OutboxProperties properties,
      MeterRegistry meters,
      RecordTracing tracing) {
    this.properties = properties;
    this.leadership = new RelayLeadership(dataSource);
    this.round = new RelayRound(kafka, properties, meters, tracing);
    this.pruner = new OutboxPruner(properties.retention(), meters);
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
    return leadership.held();
  }

  @Override
  public synchronized void start() {
    if (running) {
      // A second relay thread would publish every row twice.
      return;
    }
    running = true;
    pruner.dueNow();
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
        if (!leadership.held() && !leadership.acquire()) {
          // A follower only retries for the lock; its own commits are the leader's to relay,
          // so wake-ups must not turn into a GET_LOCK per webhook.
          TimeUnit.MILLISECONDS.sleep(properties.pollInterval().toMillis());
          wakeUps.drainPermits();
          continue;
        }
        int sent = round.publish(leadership.session());
        pruner.pruneWhenDue(leadership.session());
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
          leadership.release();
        }
        if (!pause(backoff)) {
          break;
        }
        backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
      }
    }
    leadership.release();
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
