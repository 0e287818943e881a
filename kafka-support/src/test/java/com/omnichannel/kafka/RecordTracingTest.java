package com.omnichannel.kafka;

import static io.opentelemetry.api.trace.StatusCode.ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.contracts.EventHeaders;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A record's trace headers are a producer's input like any other: whatever they hold, the record's
 * work gets a span and goes on, and the span leaves the thread when its scope closes.
 */
class RecordTracingTest {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  /** The spans as they end. */
  final List<SpanData> ended = new CopyOnWriteArrayList<>();

  final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(
              SimpleSpanProcessor.create(
                  new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> spans) {
                      ended.addAll(spans);
                      return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode flush() {
                      return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                      return CompletableResultCode.ofSuccess();
                    }
                  }))
          .build();
  final io.opentelemetry.api.trace.Tracer otel = provider.get("test");
  final OtelCurrentTraceContext context = new OtelCurrentTraceContext();
  final OtelTracer tracer =
      new OtelTracer(
          otel, context, event -> {}, new OtelBaggageManager(context, List.of(), List.of()));
  final RecordTracing tracing =
      new RecordTracing(
          tracer,
          new OtelPropagator(
              ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));

  @AfterEach
  void close() {
    provider.close();
  }

  static ConsumerRecord<String, byte[]> record(String header, byte[] value) {
    var record = new ConsumerRecord<String, byte[]>("topic", 0, 0, "key", new byte[0]);
    record.headers().add(new RecordHeader(header, value));
    return record;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRecordContinuesTheTraceItsTraceparentNames() {
    Span span =
        tracing.startConsumer(
            "work",
            record(EventHeaders.TRACEPARENT, utf8("00-" + TRACE_ID + "-00f067aa0ba902b7-01")));

    assertThat(span.context().traceId()).isEqualTo(TRACE_ID);
    assertThat(span.context().parentId()).isEqualTo("00f067aa0ba902b7");
    span.end();
  }

  @Test
  void aTraceparentWithoutAValueOrUnreadableStartsANewTrace() {
    for (byte[] value : new byte[][] {null, utf8("garbage"), utf8("00-zz-zz-01")}) {
      Span span = tracing.startConsumer("work", record(EventHeaders.TRACEPARENT, value));

      assertThat(span.isNoop()).isFalse();
      assertThat(span.context().traceId()).hasSize(32).isNotEqualTo(TRACE_ID);
      span.end();
    }
  }

  @Test
  void aCorrelationHeaderWithoutAValueLeavesTheLogsWithoutOneAndTheScopeCloses() {
    Span span = tracing.startConsumer("work", record(EventHeaders.CORRELATION_ID, null));

    try (var scope = tracing.inScope(span, record(EventHeaders.CORRELATION_ID, null))) {
      assertThat(tracer.currentSpan().context().spanId()).isEqualTo(span.context().spanId());
      assertThat(MDC.get(RecordTracing.CORRELATION_MDC)).isNull();
    }
    span.end();

    assertThat(tracer.currentSpan()).isNull();
  }

  @Test
  void aBatchsSpansEndWithItsWorkAndInErrorWhenTheWorkFails() {
    var first = record(EventHeaders.CORRELATION_ID, utf8("c-1"));
    var second = record(EventHeaders.CORRELATION_ID, utf8("c-2"));
    List<String> seen = new ArrayList<>();

    tracing.inBatchSpans(
        "stored",
        List.of(first, second),
        spans -> {
          seen.add(spans.get(first).context().spanId());
          seen.add(spans.get(second).context().spanId());
          assertThat(ended).isEmpty();
        });

    assertThat(ended).extracting(SpanData::getSpanId).containsExactlyInAnyOrderElementsOf(seen);
    assertThat(ended).extracting(span -> span.getStatus().getStatusCode()).doesNotContain(ERROR);

    ended.clear();
    assertThatThrownBy(
            () ->
                tracing.inBatchSpans(
                    "stored",
                    List.of(first, second),
                    spans -> {
                      throw new IllegalStateException("the database is down");
                    }))
        .hasMessage("the database is down");
    assertThat(ended).hasSize(2);
    assertThat(ended).extracting(span -> span.getStatus().getStatusCode()).containsOnly(ERROR);
  }

  @Test
  void theCorrelationIdIsInTheLogsWhileTheSpanIsInScope() {
    Span span = tracing.startConsumer("work", record(EventHeaders.CORRELATION_ID, utf8("c-1")));

    try (var scope = tracing.inScope(span, record(EventHeaders.CORRELATION_ID, utf8("c-1")))) {
      assertThat(MDC.get(RecordTracing.CORRELATION_MDC)).isEqualTo("c-1");
    }
    span.end();

    assertThat(MDC.get(RecordTracing.CORRELATION_MDC)).isNull();
  }
}
