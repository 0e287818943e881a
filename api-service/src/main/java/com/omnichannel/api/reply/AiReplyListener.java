package com.omnichannel.api.reply;

import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.UnreadableEventException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Brings the worker's replies back into their conversations, a batch per transaction. An unreadable
 * record is reported by its index after the readable ones before it are stored, so it alone goes to
 * the dead-letter topic.
 */
@Component
class AiReplyListener {

  private final EventJson json;
  private final ReplyPersister persister;

  AiReplyListener(EventJson json, ReplyPersister persister) {
    this.json = json;
    this.persister = persister;
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
   * Stores the batch, or names its first record as failed: the error handler then retries from
   * there, for as long as the database is down, instead of giving up on the whole batch.
   */
  private void store(List<AiReplyGenerated> replies) {
    try {
      persister.persistAll(replies);
    } catch (RuntimeException e) {
      throw new BatchListenerFailedException("Storing AI replies failed: " + e, e, 0);
    }
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
