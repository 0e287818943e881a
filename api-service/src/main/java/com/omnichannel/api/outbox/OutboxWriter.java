package com.omnichannel.api.outbox;

import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.RecordTracing;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
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

  private final JdbcClient jdbc;
  private final JdbcTemplate jdbcTemplate;
  private final EventJson json;
  private final ApplicationEventPublisher publisher;
  private final RecordTracing tracing;

  OutboxWriter(
      JdbcClient jdbc,
      JdbcTemplate jdbcTemplate,
      EventJson json,
      ApplicationEventPublisher publisher,
      RecordTracing tracing) {
    this.tracing = tracing;
    this.jdbc = jdbc;
    this.jdbcTemplate = jdbcTemplate;
    this.json = json;
    this.publisher = publisher;
  }

  private static final String INSERT =
      """
      INSERT INTO outbox (topic, event_key, event_type, correlation_id, payload, trace_parent)
      VALUES (?, ?, ?, ?, ?, ?)
      """;

  @Transactional(propagation = Propagation.MANDATORY)
  public void append(String topic, long key, String eventType, String correlationId, Object event) {
    jdbc.sql(INSERT)
        .params(
            topic,
            Long.toString(key),
            eventType,
            correlationId,
            json.write(event),
            tracing.current())
        .update();
    publisher.publishEvent(new OutboxAppended());
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

  /** Appends the rows in their order, in one statement. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void appendAll(List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    String traceparent = tracing.current();
    jdbcTemplate.batchUpdate(
        INSERT,
        rows,
        rows.size(),
        (statement, row) -> {
          statement.setString(1, row.topic());
          statement.setString(2, Long.toString(row.key()));
          statement.setString(3, row.eventType());
          statement.setString(4, row.correlationId());
          statement.setString(5, json.write(row.event()));
          statement.setString(6, row.traceParent() != null ? row.traceParent() : traceparent);
        });
    publisher.publishEvent(new OutboxAppended());
  }

  /** Published inside the transaction; the relay hears it after commit. */
  public record OutboxAppended() {}
}
