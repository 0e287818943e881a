package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.RecordHeaders;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.kafka.UnreadableEventException;
import io.micrometer.tracing.Span;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Reads delivery requests and dispatches each one; it does not wait for any attempt to finish.
 *
 * <p>The batch's offsets are therefore committed while attempts may still be in flight. That is
 * safe because the API holds a lease on every attempt it requests: an attempt that a crash cut off
 * goes unreported, and the API requests it again when the lease runs out.
 *
 * <p>A record that cannot be read is reported by its index: the error handler commits the records
 * before it (already dispatched), sends it to the dead-letter topic and redelivers the rest.
 */
@Component
class OutboundMessageListener {

  private final EventJson json;
  private final DeliveryDispatcher dispatcher;
  private final RecordTracing tracing;

  OutboundMessageListener(EventJson json, DeliveryDispatcher dispatcher, RecordTracing tracing) {
    this.tracing = tracing;
    this.json = json;
    this.dispatcher = dispatcher;
  }

  @KafkaListener(
      id = "outbound-message-sender",
      idIsGroup = false,
      topics = Topics.OUTBOUND_MESSAGE,
      batch = "true")
  void onOutboundMessagesRequested(List<ConsumerRecord<String, byte[]>> records) {
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, byte[]> record = records.get(i);
      // The attempt's span, in the trace of the message; it ends once the attempt is reported.
      Span span = tracing.startConsumer("delivery attempt", record);
      try (var scope = tracing.inScope(span, record)) {
        OutboundMessageRequested request = read(record);
        dispatcher.dispatch(request, correlationId(record, request), span);
      } catch (RuntimeException e) {
        span.error(e);
        span.end();
        throw new BatchListenerFailedException(e.getMessage(), e, i);
      }
    }
  }

  private OutboundMessageRequested read(ConsumerRecord<String, byte[]> record) {
    OutboundMessageRequested request = json.read(record.value(), OutboundMessageRequested.class);
    if (request.eventId() == null
        || request.occurredAt() == null
        || request.companyId() <= 0
        || request.conversationId() <= 0
        || request.messageId() <= 0
        || request.channelId() <= 0
        || request.outboundUrl() == null
        || request.body() == null) {
      throw new UnreadableEventException(
          "OutboundMessageRequested lacks required fields: event "
              + request.eventId()
              + ", message "
              + request.messageId());
    }
    return request;
  }

  /** The record's correlation header, which the API sets; the event's own field otherwise. */
  private static String correlationId(
      ConsumerRecord<String, byte[]> record, OutboundMessageRequested request) {
    String header = RecordHeaders.text(record, EventHeaders.CORRELATION_ID);
    return header != null ? header : request.correlationId();
  }
}
