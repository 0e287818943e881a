package com.omnichannel.api.reply;

import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.Conversations.ReplyOutcome;
import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.OmniKafkaAutoConfiguration;
import com.omnichannel.kafka.UnreadableEventException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Brings the worker's replies back into their conversations, a batch per transaction. A record that
 * fails is reported by its own index after the records before it are stored, so only it is retried
 * and, in the end, dead-lettered.
 */
@Component
class AiReplyListener {

  private static final Logger log = LoggerFactory.getLogger(AiReplyListener.class);

  private final EventJson json;
  private final Conversations conversations;
  private final MeterRegistry meters;

  AiReplyListener(EventJson json, Conversations conversations, MeterRegistry meters) {
    this.json = json;
    this.conversations = conversations;
    this.meters = meters;
  }

  @KafkaListener(
      id = "ai-reply-persister",
      idIsGroup = false,
      topics = Topics.AI_REPLY,
      batch = "true")
  void onReplies(List<ConsumerRecord<String, byte[]>> records) {
    List<AiReplyGenerated> replies = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        replies.add(read(records.get(i)));
      } catch (UnreadableEventException e) {
        store(replies);
        throw new BatchListenerFailedException(e.getMessage(), e, i);
      }
    }
    store(replies);
  }

  /**
   * Stores the batch in one transaction. When that fails for a reason other than an outage, stores
   * the replies one by one to find the one that fails, and names it.
   */
  private void store(List<AiReplyGenerated> replies) {
    try {
      count(conversations.appendAiReplies(replies));
    } catch (RuntimeException batchFailure) {
      if (OmniKafkaAutoConfiguration.dependencyUnavailable(batchFailure) || replies.size() == 1) {
        // Nothing was stored; the error handler retries from the first record.
        throw new BatchListenerFailedException(
            "Storing AI replies failed: " + batchFailure, batchFailure, 0);
      }
      log.info("A batch of {} AI replies failed; storing them one by one", replies.size());
      for (int i = 0; i < replies.size(); i++) {
        try {
          count(conversations.appendAiReplies(List.of(replies.get(i))));
        } catch (RuntimeException e) {
          throw new BatchListenerFailedException("Storing AI reply failed: " + e, e, i);
        }
      }
    }
  }

  private void count(List<ReplyOutcome> outcomes) {
    Map<ReplyOutcome, Integer> counts = new EnumMap<>(ReplyOutcome.class);
    outcomes.forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
    counts.forEach(
        (outcome, n) -> meters.counter("omni.ai_replies", "outcome", outcome.tag()).increment(n));
  }

  private AiReplyGenerated read(ConsumerRecord<String, byte[]> record) {
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
