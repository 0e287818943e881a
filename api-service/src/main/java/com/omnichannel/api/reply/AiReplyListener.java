package com.omnichannel.api.reply;

import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.kafka.UnreadableEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Brings the worker's replies back into their conversations. */
@Component
class AiReplyListener {

  private final EventJson json;
  private final ReplyPersister persister;

  AiReplyListener(EventJson json, ReplyPersister persister) {
    this.json = json;
    this.persister = persister;
  }

  @KafkaListener(id = "ai-reply-persister", idIsGroup = false, topics = Topics.AI_REPLY)
  void onReply(ConsumerRecord<String, byte[]> record) {
    AiReplyGenerated reply = json.read(record.value(), AiReplyGenerated.class);
    if (reply.eventId() == null
        || reply.conversationId() <= 0
        || reply.inReplyTo() <= 0
        || reply.text() == null
        || reply.text().isBlank()) {
      throw new UnreadableEventException("AiReplyGenerated lacks required fields: " + reply);
    }
    persister.persist(reply);
  }
}
