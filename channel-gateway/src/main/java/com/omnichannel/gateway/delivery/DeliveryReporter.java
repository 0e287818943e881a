package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells the API what became of a request, and counts it. A report that cannot be sent is only
 * logged: the API asks again once its lease on the attempt runs out.
 */
@Component
class DeliveryReporter {

  private static final Logger log = LoggerFactory.getLogger(DeliveryReporter.class);

  private final EventJson json;
  private final KafkaTemplate<String, byte[]> kafka;
  private final MeterRegistry meters;
  private final Clock clock;

  private final RecordTracing tracing;

  DeliveryReporter(
      EventJson json,
      KafkaTemplate<String, byte[]> kafka,
      MeterRegistry meters,
      Clock clock,
      RecordTracing tracing) {
    this.tracing = tracing;
    this.json = json;
    this.kafka = kafka;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Publishes the report on {@code request}, in the trace of the attempt's span; never waits for
   * the broker.
   */
  void report(OutboundMessageRequested request, String correlationId, Attempt attempt, Span span) {
    meters.counter("omni.deliveries", "outcome", attempt.outcome().spelling()).increment();
    var report =
        DeliveryAttempted.answering(
            request,
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            attempt.outcome(),
            attempt.httpStatus(),
            attempt.providerMessageId(),
            attempt.error(),
            attempt.retryAfterMillis());
    var record =
        new ProducerRecord<>(
            Topics.DELIVERY_STATUS,
            Long.toString(report.conversationId()),
            json.write(report).getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add(EventHeaders.EVENT_TYPE, DeliveryAttempted.TYPE.getBytes(StandardCharsets.UTF_8));
    if (correlationId != null) {
      record
          .headers()
          .add(EventHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
    }
    tracing.inject(span, record.headers());
    // Reports are sent from whatever thread completed the attempt, often one of the common
    // fork-join pool, whose context class loader is the system one. Kafka loads its configured
    // classes (serializers, and on first use its own config defaults) through the context class
    // loader, and in the packaged jar the system one cannot see them: the producer would fail to
    // start, and every report with it.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(DeliveryReporter.class.getClassLoader());
    try {
      kafka
          .send(record)
          .whenComplete(
              (sent, failure) -> {
                if (failure != null) {
                  logLost(report, failure);
                }
              });
    } catch (RuntimeException failure) {
      logLost(report, failure);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Counts a request that was too old to attempt; the API has asked again by now. */
  void expired(OutboundMessageRequested request) {
    meters.counter("omni.deliveries", "outcome", "expired").increment();
    log.info(
        "Skipped message {} attempt {}: requested at {}, too long ago",
        request.messageId(),
        request.attempt(),
        request.occurredAt());
  }

  private static void logLost(DeliveryAttempted report, Throwable failure) {
    log.warn(
        "Could not report {} for message {} attempt {}; the API will ask again: {}",
        report.outcome(),
        report.messageId(),
        report.attempt(),
        failure.toString());
  }
}
