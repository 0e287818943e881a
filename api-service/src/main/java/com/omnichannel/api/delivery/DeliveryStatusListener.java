package com.omnichannel.api.delivery;

import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.BatchStore;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.kafka.UnreadableEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores the gateway's reports on delivery attempts (a short transaction each) and counts them:
 * {@code omni.delivery.reports{outcome}}, and {@code omni.delivery.stored_to_sent}, the time from a
 * message being stored to the provider's 2xx.
 */
@Component
class DeliveryStatusListener {

  private final EventJson json;
  private final Deliveries deliveries;
  private final MeterRegistry meters;
  private final Timer storedToSent;

  private final RecordTracing tracing;

  DeliveryStatusListener(
      EventJson json, Deliveries deliveries, MeterRegistry meters, RecordTracing tracing) {
    this.tracing = tracing;
    this.json = json;
    this.deliveries = deliveries;
    this.meters = meters;
    this.storedToSent =
        Timer.builder("omni.delivery.stored_to_sent")
            .description("From an AI or agent message being stored to the provider's 2xx")
            .register(meters);
  }

  @KafkaListener(
      id = "delivery-status-recorder",
      idIsGroup = false,
      topics = Topics.DELIVERY_STATUS,
      batch = "true")
  void onReports(List<ConsumerRecord<String, byte[]>> records) {
    tracing.inBatchSpans(
        "delivery status stored",
        records,
        spans ->
            BatchStore.readAndStore(
                records, this::read, reports -> count(deliveries.recordAttempts(reports))));
  }

  private void count(List<RecordedAttempt> recorded) {
    for (RecordedAttempt attempt : recorded) {
      meters.counter("omni.delivery.reports", "outcome", attempt.outcome().tag()).increment();
      if (attempt.storedToSent() != null) {
        storedToSent.record(attempt.storedToSent());
      }
    }
  }

  private DeliveryAttempted read(ConsumerRecord<String, byte[]> record) {
    DeliveryAttempted report = json.read(record.value(), DeliveryAttempted.class);
    if (report.eventId() == null
        || report.messageId() <= 0
        || report.conversationId() <= 0
        || report.attempt() <= 0
        || report.outcome() == null) {
      throw new UnreadableEventException("DeliveryAttempted lacks required fields: " + report);
    }
    return report;
  }
}
