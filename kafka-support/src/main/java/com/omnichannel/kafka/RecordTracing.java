package com.omnichannel.kafka;

import com.omnichannel.contracts.EventHeaders;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;

/**
 * Carries a message's trace across Kafka and the outbox by hand, as a W3C {@code traceparent}: the
 * batch listeners get no observation from spring-kafka, and the outbox relay publishes later, from
 * another thread, what a request wrote. So each record's work gets a span of its own, a child of
 * the span that sent the record, and what it sends on carries that span.
 */
public class RecordTracing {

  /** The MDC key of the correlation id, which the services' log pattern prints. */
  public static final String CORRELATION_MDC = "correlationId";

  private final Tracer tracer;
  private final Propagator propagator;

  public RecordTracing(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /** The current span as a {@code traceparent}, or null outside any span. */
  public String current() {
    Span span = tracer.currentSpan();
    return span == null || span.isNoop() ? null : traceparentOf(span);
  }

  /** The span as a {@code traceparent}, or null when tracing is off. */
  public String traceparentOf(Span span) {
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(span.context(), carrier, Map::put);
    return carrier.get(EventHeaders.TRACEPARENT);
  }

  /** A started span for the work on a record, a child of the span that sent it, if it names one. */
  public Span startConsumer(String name, ConsumerRecord<?, ?> record) {
    return startFrom(
        name, RecordHeaders.text(record, EventHeaders.TRACEPARENT), Span.Kind.CONSUMER);
  }

  /**
   * Runs a batch's work with a started span per record (by record identity, for the work to read),
   * each a child of the span that sent its record; they end with the work, in error if it failed.
   */
  public <R extends ConsumerRecord<?, ?>> void inBatchSpans(
      String name, List<R> records, Consumer<Map<R, Span>> work) {
    Map<R, Span> spans = new IdentityHashMap<>();
    records.forEach(record -> spans.put(record, startConsumer(name, record)));
    try {
      work.accept(spans);
    } catch (RuntimeException | Error e) {
      spans.values().forEach(span -> span.error(e));
      throw e;
    } finally {
      spans.values().forEach(Span::end);
    }
  }

  /**
   * A started span continuing the trace of a stored {@code traceparent}; a new trace if it is null
   * or malformed (the propagator ignores what it cannot parse), so tracing never fails the work.
   */
  public Span startFrom(String name, String traceparent, Span.Kind kind) {
    Span.Builder builder =
        traceparent == null
            ? tracer.spanBuilder().setNoParent()
            : propagator.extract(Map.of(EventHeaders.TRACEPARENT, traceparent), Map::get);
    return builder.name(name).kind(kind).start();
  }

  /** Makes the record carry the span, replacing whatever trace it carried. */
  public void inject(Span span, Headers headers) {
    carry(traceparentOf(span), headers);
  }

  /** Makes the record carry the current span, if there is one. */
  public void injectCurrent(Headers headers) {
    carry(current(), headers);
  }

  private static void carry(String traceparent, Headers headers) {
    headers.remove(EventHeaders.TRACEPARENT);
    if (traceparent != null) {
      headers.add(EventHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Puts the span in scope on this thread (and the trace id in the log lines) until closed. */
  public Tracer.SpanInScope inScope(Span span) {
    return tracer.withSpan(span);
  }

  /**
   * Puts the span in scope on this thread until closed, and the record's correlation id in the log
   * lines (MDC {@value #CORRELATION_MDC}).
   */
  public Scope inScope(Span span, ConsumerRecord<?, ?> record) {
    String correlation = RecordHeaders.text(record, EventHeaders.CORRELATION_ID);
    Tracer.SpanInScope inScope = tracer.withSpan(span);
    MDC.MDCCloseable logged =
        correlation == null ? null : MDC.putCloseable(CORRELATION_MDC, correlation);
    return () -> {
      if (logged != null) {
        logged.close();
      }
      inScope.close();
    };
  }

  /** A span in scope, closed without a checked exception. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
