package com.omnichannel.api.outbox.relay;

import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.kafka.BackgroundLoop;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.kafka.RunsInBackground;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
class OutboxRelay implements RunsInBackground {

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final OutboxProperties properties;
  private final RelayLeadership leadership;
  private final RelayRound round;
  private final OutboxPruner pruner;
  private final Counter failedRounds;
  private final BackgroundLoop loop;

  OutboxRelay(
      DataSource dataSource,
      KafkaTemplate<String, byte[]> kafka,
      OutboxProperties properties,
      MeterRegistry meters,
      RecordTracing tracing) {
    this.properties = properties;
    this.leadership = new RelayLeadership(dataSource, properties.leaderSessionTimeout());
    this.round = new RelayRound(kafka, properties, meters, tracing);
    this.pruner = new OutboxPruner(properties.retention(), meters);
    this.failedRounds = meters.counter("omni.outbox.failed_rounds");
    this.loop =
        BackgroundLoop.named("outbox-relay")
            .pollInterval(properties.pollInterval())
            .roundSpacing(properties.roundSpacing())
            .backOff(properties.pollInterval(), MAX_BACKOFF)
            .onFailure(this::roundFailed)
            .onExit(leadership::release)
            .rounds(this::relay);
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAppended(OutboxWriter.OutboxAppended appended) {
    wake();
  }

  /**
   * Makes the relay run a round now instead of at its next poll. A follower only retries for the
   * lock, every poll interval: its own commits are the leader's to relay, so wake-ups must not turn
   * into a GET_LOCK per webhook.
   */
  void wake() {
    if (leadership.held()) {
      loop.wake();
    }
  }

  /** Whether this instance holds the relay lock. */
  boolean isLeader() {
    return leadership.held();
  }

  @Override
  public synchronized void start() {
    if (loop.isRunning()) {
      // A second relay thread would publish every row twice.
      return;
    }
    pruner.dueNow();
    loop.start();
  }

  @Override
  public BackgroundLoop loop() {
    return loop;
  }

  /** A round: the lock if need be, then a batch and a prune; whether a full batch went out. */
  private boolean relay() throws Exception {
    if (!leadership.held() && !leadership.acquire()) {
      return false;
    }
    int sent = round.publish(leadership.session());
    pruner.pruneWhenDue(leadership.session());
    return sent >= properties.batchSize();
  }

  private void roundFailed(Exception failure, Duration retryIn) {
    failedRounds.increment();
    log.warn(
        "Outbox relay round failed, retrying in {} ms: {}", retryIn.toMillis(), failure.toString());
    if (failure instanceof SQLException || failure instanceof DataAccessException) {
      leadership.release();
    }
  }
}
