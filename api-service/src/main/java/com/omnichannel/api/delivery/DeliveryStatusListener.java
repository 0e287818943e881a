package com.omnichannel.api.delivery;

import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.Conversations.RecordedAttempt;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.OmniKafkaAutoConfiguration;
import com.omnichannel.kafka.UnreadableEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
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

  DeliveryStatusListener(EventJson json, Conversations conversations, MeterRegistry meters) {
    this.json = json;
    this.conversations = conversations;
    this.meters = meters;
    this.storedToSent =
        Timer.builder("omni.delivery.stored_to_sent")
            .description("From an AI or agent message being stored to the provider's 2xx")
            .publishPercentileHistogram()
            .register(meters);
  }

  @KafkaListener(
      id = "delivery-status-recorder",
      idIsGroup = false,
      topics = Topics.DELIVERY_STATUS,
      batch = "true")
  void onReports(List<ConsumerRecord<String, byte[]>> records) {
    List<DeliveryAttempted> reports = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        reports.add(read(records.get(i)));
      } catch (UnreadableEventException e) {
        store(reports);
        throw new BatchListenerFailedException(e.getMessage(), e, i);
      }
    }
    store(reports);
  }

  /**
   * Stores the batch; when that fails for a reason other than an outage, stores the reports one by
   * one to name the one that fails (those stored before it change nothing the second time).
   */
  private void store(List<DeliveryAttempted> reports) {
    try {
      count(conversations.recordDeliveryAttempts(reports));
    } catch (RuntimeException batchFailure) {
      if (OmniKafkaAutoConfiguration.dependencyUnavailable(batchFailure) || reports.size() == 1) {
        throw new BatchListenerFailedException(
            "Storing delivery reports failed: " + batchFailure, batchFailure, 0);
      }
      for (int i = 0; i < reports.size(); i++) {
        try {
          count(conversations.recordDeliveryAttempts(List.of(reports.get(i))));
        } catch (RuntimeException e) {
          throw new BatchListenerFailedException("Storing a delivery report failed: " + e, e, i);
        }
      }
    }
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
