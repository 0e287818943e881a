package com.omnichannel.contracts;

/** Kafka record header names. Values are UTF-8 strings. */
public final class EventHeaders {

  /** Repeats the value's {@code event_type}, so consumers can route without parsing. */
  public static final String EVENT_TYPE = "event_type";

  /** Follows one inbound message end to end: webhook, outbox, worker, reply. */
  public static final String CORRELATION_ID = "correlation_id";

  private EventHeaders() {}
}
