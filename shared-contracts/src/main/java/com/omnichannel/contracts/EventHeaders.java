package com.omnichannel.contracts;

/** Kafka record header names. Values are UTF-8 strings. */
public final class EventHeaders {

  /** Repeats the value's {@code event_type}, so consumers can route without parsing. */
  public static final String EVENT_TYPE = "event_type";

  /** Follows one inbound message end to end: webhook, outbox, worker, reply. */
  public static final String CORRELATION_ID = "correlation_id";

  /** The W3C trace context of the span that sent the record, which its consumer continues. */
  public static final String TRACEPARENT = "traceparent";

  private EventHeaders() {}
}
