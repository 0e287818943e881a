package com.omnichannel.worker.reply;

import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.FinalFailureHandler;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.worker.AiProperties;
import com.omnichannel.worker.model.ModelAnswer;
import com.omnichannel.worker.model.ModelUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers an inbound message whose model call still failed after the last retry with the fallback
 * reply ({@code AI_FALLBACK_REPLY}), so the contact hears something and the partition moves on.
 * Other failures go to the dead-letter topic as before.
 */
@Component
class ModelFallback implements FinalFailureHandler {

  private static final Logger log = LoggerFactory.getLogger(ModelFallback.class);

  private final EventJson json;
  private final ReplyPublisher publisher;
  private final String fallbackReply;
  private final Counter fallbacks;
  private final RecordTracing tracing;

  ModelFallback(
      EventJson json,
      ReplyPublisher publisher,
      MeterRegistry meters,
      RecordTracing tracing,
      AiProperties properties) {
    this.tracing = tracing;
    this.json = json;
    this.publisher = publisher;
    this.fallbackReply = properties.fallbackReply();
    this.fallbacks = meters.counter("omni.worker.fallback_replies");
  }

  @Override
  public boolean settle(ConsumerRecord<?, ?> record, Exception failure) {
    if (!Topics.MESSAGE_RECEIVED.equals(record.topic())
        || !causedByTheModel(failure)
        || !(record.value() instanceof byte[])) {
      return false;
    }
    Span span = tracing.startConsumer("ai fallback reply", record);
    try (var scope = tracing.inScope(span, record)) {
      sendFallback(record);
    } finally {
      span.end();
    }
    return true;
  }

  private void sendFallback(ConsumerRecord<?, ?> record) {
    @SuppressWarnings("unchecked")
    MessageReceived received =
        MessageReceivedListener.read(json, (ConsumerRecord<String, byte[]>) record);
    for (CompletableFuture<?> send :
        publisher.publish(
            received,
            ModelAnswer.reply(fallbackReply),
            record.headers().lastHeader(EventHeaders.CORRELATION_ID))) {
      try {
        send.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while sending the fallback reply", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("Sending the fallback reply failed: " + e, e);
      }
    }
    fallbacks.increment();
    log.warn(
        "The model failed on message {} of conversation {} after its retries; sent the fallback"
            + " reply",
        received.messageId(),
        received.conversationId());
  }

  private static boolean causedByTheModel(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ModelUnavailableException) {
        return true;
      }
    }
    return false;
  }
}
