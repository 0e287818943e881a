package com.omnichannel.api.outbox;

import com.omnichannel.api.sql.MultiRowInsert;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.RecordTracing;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the outbox inside the caller's transaction, so an event exists exactly when the
 * state it announces was committed. The relay is woken once the transaction commits. Each row keeps
 * the trace context of the span that wrote it, which the relay restores when it publishes the row.
 */
@Component
public class OutboxWriter {

  private final JdbcTemplate jdbc;
  private final EventJson json;
  private final ApplicationEventPublisher publisher;
  private final RecordTracing tracing;
  private final MultiRowInsert<Row> insert;

  OutboxWriter(
      JdbcTemplate jdbc,
      EventJson json,
      ApplicationEventPublisher publisher,
      RecordTracing tracing) {
    this.tracing = tracing;
    this.jdbc = jdbc;
    this.json = json;
    this.publisher = publisher;
    this.insert =
        new MultiRowInsert<>(
            "outbox (topic, event_key, event_type, correlation_id, payload, trace_parent)",
            "(?, ?, ?, ?, ?, ?)",
            (statement, first, row) -> {
              statement.setString(first, row.topic());
              statement.setString(first + 1, Long.toString(row.key()));
              statement.setString(first + 2, row.eventType());
              statement.setString(first + 3, row.correlationId());
              statement.setString(first + 4, json.write(row.event()));
              statement.setString(first + 5, row.traceParent());
            });
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void append(String topic, long key, String eventType, String correlationId, Object event) {
    appendAll(List.of(new Row(topic, key, eventType, correlationId, event)));
  }

  /**
   * An event to append: its topic, key, type, correlation id and value, and the trace it continues
   * (null: the trace current when it is appended).
   */
  public record Row(
      String topic,
      long key,
      String eventType,
      String correlationId,
      Object event,
      String traceParent) {

    /** A row in the trace current when it is appended. */
    public Row(String topic, long key, String eventType, String correlationId, Object event) {
      this(topic, key, eventType, correlationId, event, null);
    }

    Row inTrace(String traceParent) {
      return new Row(topic, key, eventType, correlationId, event, traceParent);
    }
  }

  /**
   * A row to append later in the transaction, with those of other work, in the trace current now: a
   * batch that stores many messages writes their events in one statement, each in its message's
   * trace.
   */
  public Row inCurrentTrace(
      String topic, long key, String eventType, String correlationId, Object event) {
    return new Row(topic, key, eventType, correlationId, event, tracing.current());
  }

  /** Appends the rows in their order, in as few statements as {@link MultiRowInsert} takes. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void appendAll(List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    String traceparent = tracing.current();
    insert.insert(
        jdbc,
        rows.stream()
            .map(row -> row.traceParent() != null ? row : row.inTrace(traceparent))
            .toList());
    publisher.publishEvent(new OutboxAppended());
  }

  /** Published inside the transaction; the relay hears it after commit. */
  public record OutboxAppended() {}
}
