package com.omnichannel.api.reply;

import com.omnichannel.api.intake.IntakePressure;
import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.AiWorkerEvent;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.HandoffRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.BatchStore;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.RecordHeaders;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.kafka.UnreadableEventException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Brings the worker's replies and hand-offs back into their conversations, a batch per transaction.
 * A record that fails is reported by its own index after the records before it are stored, so only
 * it is retried and, in the end, dead-lettered.
 */
@Component
class AiReplyListener {

  private final EventJson json;
  private final AiReplies replies;
  private final MeterRegistry meters;
  private final RecordTracing tracing;
  private final IntakePressure intake;

  /** Replies and hand-offs stored per transaction. */
  private static final int CHUNK = 20;

  AiReplyListener(
      EventJson json,
      AiReplies replies,
      MeterRegistry meters,
      RecordTracing tracing,
      IntakePressure intake) {
    this.intake = intake;
    this.tracing = tracing;
    this.json = json;
    this.replies = replies;
    this.meters = meters;
  }

  @KafkaListener(
      id = "ai-reply-persister",
      idIsGroup = false,
      topics = Topics.AI_REPLY,
      batch = "true")
  void onReplies(List<ConsumerRecord<String, byte[]>> records) {
    // A span per record, in the trace the worker's reply carries; the reply's delivery goes on
    // with it.
    tracing.inBatchSpans(
        "ai reply stored",
        records,
        spans -> {
          Map<Long, String> traceByInbound = new HashMap<>();
          BatchStore.readAndStore(
              records,
              record -> {
                AiWorkerEvent event = read(record);
                // A reply's delivery goes on with the reply's trace, not a hand-off's for the
                // same message.
                if (event instanceof AiReplyGenerated) {
                  traceByInbound.put(event.inReplyTo(), tracing.traceparentOf(spans.get(record)));
                }
                return event;
              },
              events -> count(storeInChunks(events, traceByInbound)));
        });
  }

  /**
   * Stores the events {@value #CHUNK} to a transaction, each after waiting while intake is under
   * pressure: one transaction for a whole batch held hundreds of conversations' row locks that
   * webhooks for those conversations waited on.
   */
  private List<ReplyOutcome> storeInChunks(
      List<AiWorkerEvent> events, Map<Long, String> traceByInbound) {
    List<ReplyOutcome> outcomes = new ArrayList<>(events.size());
    for (int from = 0; from < events.size(); from += CHUNK) {
      intake.yieldToIntake();
      outcomes.addAll(
          replies.store(
              events.subList(from, Math.min(events.size(), from + CHUNK)), traceByInbound));
    }
    return outcomes;
  }

  private void count(List<ReplyOutcome> outcomes) {
    Map<ReplyOutcome, Integer> counts = new EnumMap<>(ReplyOutcome.class);
    outcomes.forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
    counts.forEach(
        (outcome, n) -> meters.counter("omni.ai_replies", "outcome", outcome.tag()).increment(n));
  }

  /**
   * Reads a reply or a hand-off, as the {@code event_type} header says; a record without the header
   * is a reply, as every record was before hand-offs.
   */
  private AiWorkerEvent read(ConsumerRecord<String, byte[]> record) {
    if (HandoffRequested.TYPE.equals(RecordHeaders.text(record, EventHeaders.EVENT_TYPE))) {
      HandoffRequested handoff = json.read(record.value(), HandoffRequested.class);
      if (handoff.eventId() == null || handoff.conversationId() <= 0 || handoff.inReplyTo() <= 0) {
        throw new UnreadableEventException("HandoffRequested lacks required fields: " + handoff);
      }
      return handoff;
    }
    AiReplyGenerated reply = json.read(record.value(), AiReplyGenerated.class);
    if (reply.eventId() == null
        || reply.conversationId() <= 0
        || reply.inReplyTo() <= 0
        || reply.text() == null
        || reply.text().isBlank()) {
      throw new UnreadableEventException("AiReplyGenerated lacks required fields: " + reply);
    }
    return reply;
  }
}
