package com.omnichannel.worker.reply;

import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.kafka.UnreadableEventException;
import com.omnichannel.worker.AiProperties;
import com.omnichannel.worker.model.ModelAnswer;
import com.omnichannel.worker.model.ReplyModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Answers inbound messages of AI-owned conversations. Stateless: a redelivered event is answered
 * again with the same event ids, and the API stores one reply per inbound message.
 *
 * <p>Records come in batches. The model is asked about all of them at once, at most {@code
 * omni.ai.max-concurrency} calls at a time; the answers are then published in the records' order,
 * from this thread, and the batch waits for every acknowledgement. A record that fails is reported
 * by its index, so the error handler commits the ones before it and retries it; a model that still
 * fails after the retries gets the fallback reply ({@link ModelFallback}).
 */
@Component
class MessageReceivedListener {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(MessageReceivedListener.class);

  private final EventJson json;
  private final ReplyModel model;
  private final ReplyPublisher publisher;
  private final Semaphore calls;
  private final Counter replies;
  private final Counter handoffs;
  private final Counter skipped;
  private final Counter modelFailures;
  private final Timer modelLatency;
  private final RecordTracing tracing;

  MessageReceivedListener(
      EventJson json,
      ReplyModel model,
      ReplyPublisher publisher,
      MeterRegistry meters,
      RecordTracing tracing,
      AiProperties properties,
      KafkaProperties kafka) {
    this.tracing = tracing;
    this.json = json;
    this.model = model;
    this.publisher = publisher;
    int maxConcurrency = properties.maxConcurrency();
    this.calls = new Semaphore(maxConcurrency);
    // The consumer's settings as the consumer sees them: Kafka's defaults where none is set.
    Map<String, Object> consumer =
        ConsumerConfig.configDef().parse(kafka.buildConsumerProperties());
    requireBatchFitsPollInterval(
        model.timeout(),
        maxConcurrency,
        (Integer) consumer.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
        Duration.ofMillis((Integer) consumer.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)));
    this.replies = meters.counter("omni.worker.replies");
    this.handoffs = meters.counter("omni.worker.handoffs");
    this.skipped = meters.counter("omni.worker.skipped_human_owned");
    this.modelFailures = meters.counter("omni.worker.model_failures");
    this.modelLatency = meters.timer("omni.worker.model_latency");
  }

  /**
   * A batch whose every call takes the whole timeout must still end before the broker thinks the
   * consumer dead and hands its partitions to another.
   */
  static void requireBatchFitsPollInterval(
      Duration timeout, int maxConcurrency, int maxPollRecords, Duration maxPollInterval) {
    if (maxConcurrency < 1) {
      throw new IllegalStateException("AI_MAX_CONCURRENCY must be at least 1");
    }
    long rounds = (maxPollRecords + maxConcurrency - 1) / maxConcurrency;
    Duration worstBatch = timeout.multipliedBy(rounds).plus(SEND_TIMEOUT);
    if (worstBatch.compareTo(maxPollInterval) >= 0) {
      throw new IllegalStateException(
          "A batch of "
              + maxPollRecords
              + " records (AI_MAX_POLL_RECORDS) with "
              + maxConcurrency
              + " model calls at a time (AI_MAX_CONCURRENCY) of up to "
              + timeout
              + " each (AI_TIMEOUT) can take "
              + worstBatch
              + ", longer than the consumer's poll interval of "
              + maxPollInterval
              + "; lower the poll size or the timeout, or raise the concurrency");
    }
  }

  /** An inbound message and, when the AI owns its conversation, the model's answer to come. */
  private record Question(
      ConsumerRecord<String, byte[]> record,
      MessageReceived received,
      CompletableFuture<ModelAnswer> answer,
      Span span) {}

  @KafkaListener(
      id = "ai-reply-generator",
      idIsGroup = false,
      topics = Topics.MESSAGE_RECEIVED,
      batch = "true")
  void onMessagesReceived(List<ConsumerRecord<String, byte[]>> records) {
    List<Question> questions = new ArrayList<>(records.size());
    try {
      answer(records, questions);
    } finally {
      questions.forEach(question -> question.span().end());
    }
  }

  /**
   * Asks the model about every record at once, then publishes the answers in the records' order,
   * each in its record's span.
   */
  private void answer(List<ConsumerRecord<String, byte[]>> records, List<Question> questions) {
    UnreadableEventException unreadable = null;
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        questions.add(ask(record));
      } catch (UnreadableEventException e) {
        unreadable = e;
        break;
      }
    }
    List<CompletableFuture<?>> sends = new ArrayList<>();
    List<Integer> sendIndexes = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      Question question = questions.get(i);
      try (var scope = tracing.inScope(question.span(), question.record())) {
        publishAnswer(question, i, sends, sendIndexes);
      }
    }
    awaitAll(sends, sendIndexes);
    if (unreadable != null) {
      throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, questions.size());
    }
  }

  /** Publishes the answer to one question, once the model gave it. */
  private void publishAnswer(
      Question question, int i, List<CompletableFuture<?>> sends, List<Integer> sendIndexes) {
    if (question.answer() == null) {
      return;
    }
    ModelAnswer answer;
    try {
      answer = await(question.answer());
    } catch (RuntimeException e) {
      modelFailures.increment();
      question.span().error(e);
      log.warn(
          "The model failed on message {} of conversation {}: {}",
          question.received().messageId(),
          question.received().conversationId(),
          e.getMessage());
      awaitAll(sends, sendIndexes);
      throw new BatchListenerFailedException(e.getMessage(), e, i);
    }
    for (CompletableFuture<?> send :
        publisher.publish(
            question.received(),
            answer,
            question.record().headers().lastHeader(EventHeaders.CORRELATION_ID))) {
      sends.add(send);
      sendIndexes.add(i);
    }
    if (answer.hasText()) {
      replies.increment();
    }
    if (answer.handoff()) {
      handoffs.increment();
    }
  }

  /**
   * Reads the record and, when the AI owns its conversation, asks the model, in a span of the
   * record's trace.
   */
  private Question ask(ConsumerRecord<String, byte[]> record) {
    Span span = tracing.startConsumer("ai reply", record);
    try (var scope = tracing.inScope(span, record)) {
      return ask(record, span);
    } catch (RuntimeException e) {
      span.error(e);
      span.end();
      throw e;
    }
  }

  private Question ask(ConsumerRecord<String, byte[]> record, Span span) {
    MessageReceived received = read(json, record);
    if (!received.aiOwned()) {
      log.debug("Conversation {} is owned by a human; no AI reply", received.conversationId());
      skipped.increment();
      return new Question(record, received, null, span);
    }
    calls.acquireUninterruptibly();
    long started = System.nanoTime();
    CompletableFuture<ModelAnswer> answer;
    try {
      answer = model.answer(received);
    } catch (RuntimeException e) {
      calls.release();
      answer = CompletableFuture.failedFuture(e);
    }
    return new Question(
        record,
        received,
        answer.whenComplete(
            (done, failure) -> {
              calls.release();
              modelLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }),
        span);
  }

  static MessageReceived read(EventJson json, ConsumerRecord<String, byte[]> record) {
    MessageReceived received = json.read(record.value(), MessageReceived.class);
    if (received.eventId() == null
        || received.conversationId() <= 0
        || received.messageId() <= 0
        || received.text() == null) {
      throw new UnreadableEventException("MessageReceived lacks required fields: " + received);
    }
    return received;
  }

  /** The model's answer; it ends within the model's timeout, which this wait only backs up. */
  private ModelAnswer await(CompletableFuture<ModelAnswer> answer) {
    try {
      return answer.get(model.timeout().plus(SEND_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the model", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause
          ? cause
          : new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("The model did not answer in time", e);
    }
  }

  /**
   * Waits for every send; the first that failed is reported by its record's index, so the records
   * before it count as done and it is retried.
   */
  private static void awaitAll(List<CompletableFuture<?>> sends, List<Integer> indexes) {
    long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
    for (int i = 0; i < sends.size(); i++) {
      try {
        sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BatchListenerFailedException(
            "Interrupted while sending replies", e, indexes.get(i));
      } catch (Exception e) {
        throw new BatchListenerFailedException("Sending a reply failed: " + e, e, indexes.get(i));
      }
    }
  }
}
