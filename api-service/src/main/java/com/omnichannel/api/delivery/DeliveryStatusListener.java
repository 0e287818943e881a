package com.omnichannel.api.delivery;

import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.Conversations.RecordedAttempt;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.BatchStore;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.kafka.UnreadableEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Set;
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

  private static final Set<String> OUTCOMES =
      Set.of(
          DeliveryAttempted.SENT,
          DeliveryAttempted.RETRYABLE,
          DeliveryAttempted.REJECTED,
          DeliveryAttempted.DEFERRED);

  private final EventJson json;
  private final Conversations conversations;
  private final MeterRegistry meters;
  private final Timer storedToSent;

  private final RecordTracing tracing;

  DeliveryStatusListener(
      EventJson json, Conversations conversations, MeterRegistry meters, RecordTracing tracing) {
    this.tracing = tracing;
    this.json = json;
    this.conversations = conversations;
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
                records,
                this::read,
                reports -> count(conversations.recordDeliveryAttempts(reports))));
  }

  private void count(List<RecordedAttempt> recorded) {
    for (RecordedAttempt attempt : recorded) {
      meters.counter("omni.delivery.reports", "outcome", attempt.outcome()).increment();
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
        || !OUTCOMES.contains(report.outcome())) {
      throw new UnreadableEventException("DeliveryAttempted lacks required fields: " + report);
    }
    return report;
  }
}
