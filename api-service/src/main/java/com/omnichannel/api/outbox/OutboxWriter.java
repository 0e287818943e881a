package com.omnichannel.api.outbox;

import com.omnichannel.kafka.EventJson;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the outbox inside the caller's transaction, so an event exists exactly when the
 * state it announces was committed. The relay is woken once the transaction commits.
 */
@Component
public class OutboxWriter {

  private final JdbcClient jdbc;
  private final EventJson json;
  private final ApplicationEventPublisher publisher;

  OutboxWriter(JdbcClient jdbc, EventJson json, ApplicationEventPublisher publisher) {
    this.jdbc = jdbc;
    this.json = json;
    this.publisher = publisher;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void append(String topic, long key, String eventType, String correlationId, Object event) {
    jdbc.sql(
            """
            INSERT INTO outbox (topic, event_key, event_type, correlation_id, payload)
            VALUES (?, ?, ?, ?, ?)
            """)
        .params(topic, Long.toString(key), eventType, correlationId, json.write(event))
        .update();
    publisher.publishEvent(new OutboxAppended());
  }

  /** Published inside the transaction; the relay hears it after commit. */
  record OutboxAppended() {}
}
