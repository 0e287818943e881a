package com.omnichannel.api.outbox.relay;

import com.omnichannel.kafka.PeriodicMeasurement;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code omni.outbox.pending} (rows not yet relayed, parked ones aside) and {@code
 * omni.outbox.oldest_age} (how long the oldest of them has waited): the outbox's lag, measured
 * every few seconds by every instance, whether it relays or not, so the gauges also rise when no
 * instance relays at all. The age is computed by the database, against the clock that stamped the
 * rows.
 */
@Component
class OutboxBacklog extends PeriodicMeasurement {

  private final JdbcClient jdbc;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong oldestAgeMicros = new AtomicLong();

  OutboxBacklog(JdbcClient jdbc, OutboxProperties properties, MeterRegistry meters) {
    super("outbox-backlog", properties.backlogInterval());
    this.jdbc = jdbc;
    Gauge.builder("omni.outbox.pending", pending, AtomicLong::get)
        .description("Outbox rows not yet published to Kafka")
        .register(meters);
    Gauge.builder("omni.outbox.oldest_age", oldestAgeMicros, micros -> micros.get() / 1e6)
        .description("How long the oldest unpublished outbox row has waited")
        .baseUnit("seconds")
        .register(meters);
  }

  /** Measures the backlog now. */
  @Override
  protected void measure() {
    record Backlog(long rows, Long oldestAgeMicros) {}
    Backlog backlog =
        jdbc.sql(
                """
                SELECT COUNT(*) AS rows_pending,
                       TIMESTAMPDIFF(MICROSECOND, MIN(created_at), NOW(6)) AS oldest_age_micros
                  FROM outbox
                 WHERE sent_at IS NULL AND failed_at IS NULL
                """)
            .query(
                (rs, n) ->
                    new Backlog(
                        rs.getLong("rows_pending"), rs.getObject("oldest_age_micros", Long.class)))
            .single();
    pending.set(backlog.rows());
    oldestAgeMicros.set(
        backlog.oldestAgeMicros() == null ? 0 : Math.max(0, backlog.oldestAgeMicros()));
  }
}
