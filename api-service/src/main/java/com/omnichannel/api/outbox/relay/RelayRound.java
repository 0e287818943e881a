package com.omnichannel.api.outbox.relay;

import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.kafka.RecordTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * One relay round: the oldest pending rows, in id order, sent to Kafka, and those the broker
 * acknowledged, up to the first it did not, marked sent. A row the broker refuses for a reason of
 * its own costs the row an attempt, and parks it after {@code omni.outbox.max-attempts}. Each row
 * written in a trace is published in a span that continues it.
 */
final class RelayRound {

  private static final int MAX_ERROR_LENGTH = 1_000;
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final KafkaTemplate<String, byte[]> kafka;
  private final RecordTracing tracing;
  private final OutboxProperties properties;
  private final Counter published;
  private final Counter parked;
  private final DistributionSummary batchSizes;
  private final Timer publishLatency;

  RelayRound(
      KafkaTemplate<String, byte[]> kafka,
      OutboxProperties properties,
      MeterRegistry meters,
      RecordTracing tracing) {
    this.kafka = kafka;
    this.properties = properties;
    this.tracing = tracing;
    this.published = meters.counter("omni.outbox.published");
    this.parked = meters.counter("omni.outbox.parked");
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

  /**
   * Publishes one batch of pending rows, reading and marking them through the leader's session;
   * returns how many were published and marked. Fails when the broker did not acknowledge them all.
   */
  int publish(JdbcClient session) throws InterruptedException {
    List<OutboxRow> rows =
        session
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
    List<CompletableFuture<SendResult<String, byte[]>>> sends = send(rows);
    Prefix prefix = deliveredPrefix(rows, sends);
    publishLatency.record(System.nanoTime() - publishStart, TimeUnit.NANOSECONDS);
    List<Long> delivered = prefix.delivered();
    if (!delivered.isEmpty()) {
      session
          .sql("UPDATE outbox SET sent_at = :sentAt WHERE id IN (:ids)")
          .param("sentAt", LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
          .param("ids", delivered)
          .update();
      published.increment(delivered.size());
    }
    if (delivered.size() < rows.size()) {
      OutboxRow failed = rows.get(delivered.size());
      if (prefix.failure() != null && refusedByTheBroker(prefix.failure())) {
        recordRefusal(session, failed, prefix.failure());
      }
      throw new IllegalStateException(
          "Kafka acknowledged " + delivered.size() + " of " + rows.size() + " outbox rows");
    }
    return delivered.size();
  }

  /** Sends the rows in order, each in a span when it was written in a trace. */
  private List<CompletableFuture<SendResult<String, byte[]>>> send(List<OutboxRow> rows) {
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
    return sends;
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
  private void recordRefusal(JdbcClient session, OutboxRow row, Throwable failure) {
    int attempts = row.attempts() + 1;
    boolean park = attempts >= properties.maxAttempts();
    String error = abbreviate(failure.toString());
    session
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
}
