package com.omnichannel.worker.reply;

import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.UnreadableEventException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers inbound messages of AI-owned conversations. Stateless: a redelivered event is answered
 * again with the same reply event id, and the API stores one reply per inbound message.
 */
@Component
class MessageReceivedListener {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(MessageReceivedListener.class);

  private final EventJson json;
  private final MockReplyModel model;
  private final KafkaTemplate<String, byte[]> kafka;
  private final MeterRegistry meters;
  private final Clock clock;

  MessageReceivedListener(
      EventJson json,
      MockReplyModel model,
      KafkaTemplate<String, byte[]> kafka,
      MeterRegistry meters,
      Clock clock) {
    this.json = json;
    this.model = model;
    this.kafka = kafka;
    this.meters = meters;
    this.clock = clock;
  }

  @KafkaListener(id = "ai-reply-generator", idIsGroup = false, topics = Topics.MESSAGE_RECEIVED)
  void onMessageReceived(ConsumerRecord<String, byte[]> record) throws Exception {
    MessageReceived received = json.read(record.value(), MessageReceived.class);
    if (received.eventId() == null
        || received.conversationId() <= 0
        || received.messageId() <= 0
        || received.text() == null) {
      throw new UnreadableEventException("MessageReceived lacks required fields: " + received);
    }
    if (!received.aiOwned()) {
      log.debug("Conversation {} is owned by a human; no AI reply", received.conversationId());
      meters.counter("omni.worker.skipped_human_owned").increment();
      return;
    }
    var reply =
        AiReplyGenerated.answering(
            received, clock.instant().truncatedTo(ChronoUnit.MICROS), model.reply(received.text()));
    var out =
        new ProducerRecord<>(
            Topics.AI_REPLY,
            Long.toString(reply.conversationId()),
            json.write(reply).getBytes(StandardCharsets.UTF_8));
    out.headers()
        .add(EventHeaders.EVENT_TYPE, AiReplyGenerated.TYPE.getBytes(StandardCharsets.UTF_8));
    Header correlation = record.headers().lastHeader(EventHeaders.CORRELATION_ID);
    if (correlation != null) {
      out.headers().add(EventHeaders.CORRELATION_ID, correlation.value());
    }
    // Waiting for the acknowledgement lets a failed send be retried through the error handler.
    kafka.send(out).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    meters.counter("omni.worker.replies").increment();
  }
}
