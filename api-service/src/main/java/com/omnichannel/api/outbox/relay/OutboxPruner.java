package com.omnichannel.api.outbox.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes sent rows older than {@code omni.outbox.retention}, one batch between two relay rounds
 * when a prune is due: every few seconds, or at once again after a full batch, so that the table
 * holds about a retention's worth of rows whatever has been sent before. A batch per round keeps a
 * large backlog of old rows (the first start after an upgrade, say) from holding up the relaying in
 * between. Used by the relay's thread only.
 */
final class OutboxPruner {

  private static final Duration PRUNE_INTERVAL = Duration.ofSeconds(5);
  private static final int PRUNE_BATCH = 2_000;

  private final Duration retention;
  private final Counter pruned;
  private long nextPruneAt = System.nanoTime();

  OutboxPruner(Duration retention, MeterRegistry meters) {
    this.retention = retention;
    this.pruned = meters.counter("omni.outbox.pruned");
  }

  /** Makes the next call prune, as on the relay's start. */
  void dueNow() {
    nextPruneAt = System.nanoTime();
  }

  /** Deletes one batch through the leader's session, if a prune is due. */
  void pruneWhenDue(JdbcClient session) {
    long now = System.nanoTime();
    if (now - nextPruneAt < 0) {
      return;
    }
    LocalDateTime cutoff = LocalDateTime.ofInstant(Instant.now().minus(retention), ZoneOffset.UTC);
    int deleted =
        session
            .sql("DELETE FROM outbox WHERE sent_at < ? ORDER BY sent_at LIMIT ?")
            .params(cutoff, PRUNE_BATCH)
            .update();
    pruned.increment(deleted);
    nextPruneAt = deleted == PRUNE_BATCH ? now : now + PRUNE_INTERVAL.toNanos();
  }
}
