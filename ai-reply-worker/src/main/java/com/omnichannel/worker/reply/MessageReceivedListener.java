package com.omnichannel.worker.reply;

import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.UnreadableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Answers inbound messages of AI-owned conversations. Stateless: a redelivered event is answered
 * again with the same reply event id, and the API stores one reply per inbound message.
 *
 * <p>Records come in batches: the replies of a batch are generated and sent together, and the batch
 * waits for every acknowledgement. A record that fails is reported by its index, so the error
 * handler commits the ones before it and retries it (or sends it to the dead-letter topic) on its
 * own.
 */
@Component
class MessageReceivedListener {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(MessageReceivedListener.class);

  private final EventJson json;
  private final MockReplyModel model;
  private final KafkaTemplate<String, byte[]> kafka;
  private final Clock clock;
  private final Counter replies;
  private final Counter skipped;

  MessageReceivedListener(
      EventJson json,
      MockReplyModel model,
      KafkaTemplate<String, byte[]> kafka,
      MeterRegistry meters,
      Clock clock) {
    this.json = json;
    this.model = model;
    this.kafka = kafka;
    this.clock = clock;
    this.replies = meters.counter("omni.worker.replies");
    this.skipped = meters.counter("omni.worker.skipped_human_owned");
  }

  @KafkaListener(
      id = "ai-reply-generator",
      idIsGroup = false,
      topics = Topics.MESSAGE_RECEIVED,
      batch = "true")
  void onMessagesReceived(List<ConsumerRecord<String, byte[]>> records) {
    List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        sends.add(answer(records.get(i)));
      } catch (RuntimeException e) {
        awaitAll(sends);
        throw new BatchListenerFailedException(e.getMessage(), e, i);
      }
    }
    awaitAll(sends);
  }

  /** Generates and sends the reply to one record; completes when the broker acknowledged it. */
  private CompletableFuture<?> answer(ConsumerRecord<String, byte[]> record) {
    MessageReceived received = json.read(record.value(), MessageReceived.class);
    if (received.eventId() == null
        || received.conversationId() <= 0
        || received.messageId() <= 0
        || received.text() == null) {
      throw new UnreadableEventException("MessageReceived lacks required fields: " + received);
    }
    if (!received.aiOwned()) {
      log.debug("Conversation {} is owned by a human; no AI reply", received.conversationId());
      skipped.increment();
      return CompletableFuture.completedFuture(null);
    }
    Header correlation = record.headers().lastHeader(EventHeaders.CORRELATION_ID);
    return model
        .reply(received.text())
        .thenCompose(
            text -> {
              var reply =
                  AiReplyGenerated.answering(
                      received, clock.instant().truncatedTo(ChronoUnit.MICROS), text);
              var out =
                  new ProducerRecord<>(
                      Topics.AI_REPLY,
                      Long.toString(reply.conversationId()),
                      json.write(reply).getBytes(StandardCharsets.UTF_8));
              out.headers()
                  .add(
                      EventHeaders.EVENT_TYPE,
                      AiReplyGenerated.TYPE.getBytes(StandardCharsets.UTF_8));
              if (correlation != null) {
                out.headers().add(EventHeaders.CORRELATION_ID, correlation.value());
              }
              return kafka.send(out);
            })
        .thenRun(replies::increment);
  }

  /**
   * Waits for every send; the first that failed is reported by its index, so the records before it
   * count as done and it is retried.
   */
  private static void awaitAll(List<CompletableFuture<?>> sends) {
    long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
    for (int i = 0; i < sends.size(); i++) {
      try {
        sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BatchListenerFailedException("Interrupted while sending replies", e, i);
      } catch (Exception e) {
        throw new BatchListenerFailedException("Sending a reply failed: " + e, e, i);
      }
    }
  }
}
