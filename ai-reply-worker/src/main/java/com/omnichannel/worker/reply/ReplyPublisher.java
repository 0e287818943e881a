package com.omnichannel.worker.reply;

import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.HandoffRequested;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.worker.model.ModelAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes what the AI answered to an inbound message on {@link Topics#AI_REPLY}, keyed by the
 * conversation: the reply first, then the hand-off, so the API stores the reply while the AI still
 * owns the conversation. Event ids derive from the inbound event's, so a redelivered inbound
 * message yields the same events.
 */
@Component
class ReplyPublisher {

  private final EventJson json;
  private final KafkaTemplate<String, byte[]> kafka;
  private final Clock clock;
  private final RecordTracing tracing;

  ReplyPublisher(
      EventJson json, KafkaTemplate<String, byte[]> kafka, Clock clock, RecordTracing tracing) {
    this.tracing = tracing;
    this.json = json;
    this.kafka = kafka;
    this.clock = clock;
  }

  /**
   * The sends of the answer's events; each completes when the broker acknowledged it. They carry
   * the current span, the one of the inbound message's work.
   */
  List<CompletableFuture<?>> publish(
      MessageReceived received, ModelAnswer answer, Header correlation) {
    var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<CompletableFuture<?>> sends = new ArrayList<>(2);
    if (answer.hasText()) {
      var reply = AiReplyGenerated.answering(received, now, answer.text());
      sends.add(send(received, AiReplyGenerated.TYPE, json.write(reply), correlation));
    }
    if (answer.handoff()) {
      var handoff = HandoffRequested.answering(received, now, answer.handoffReason());
      sends.add(send(received, HandoffRequested.TYPE, json.write(handoff), correlation));
    }
    return sends;
  }

  private CompletableFuture<?> send(
      MessageReceived received, String type, String value, Header correlation) {
    var out =
        new ProducerRecord<>(
            Topics.AI_REPLY,
            Long.toString(received.conversationId()),
            value.getBytes(StandardCharsets.UTF_8));
    out.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
    if (correlation != null) {
      out.headers().add(EventHeaders.CORRELATION_ID, correlation.value());
    }
    tracing.injectCurrent(out.headers());
    return kafka.send(out);
  }
}
