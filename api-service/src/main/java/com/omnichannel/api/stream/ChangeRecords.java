package com.omnichannel.api.stream;

import com.omnichannel.contracts.ConversationChanged;
import com.omnichannel.kafka.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records of {@link com.omnichannel.contracts.Topics#CONVERSATION_EVENTS} as streams see them:
 * the consumers that read them, and the stream events each carries.
 */
@Component
class ChangeRecords {

  private static final Logger log = LoggerFactory.getLogger(ChangeRecords.class);

  /**
   * Writes an event's data exactly as the record carries it: the API's own mapper would leave out
   * the null fields that its messages always show (delivery_status on a contact's message).
   */
  private static final JsonMapper DATA = JsonMapper.builder().build();

  private final String bootstrapServers;
  private final EventJson events;

  ChangeRecords(
      @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers, EventJson events) {
    this.bootstrapServers = bootstrapServers;
    this.events = events;
  }

  /** The record's changes; null when it cannot be read. */
  ConversationChanged read(ConsumerRecord<String, byte[]> record) {
    try {
      ConversationChanged changed = events.read(record.value(), ConversationChanged.class);
      return changed.eventId() == null || changed.changes() == null ? null : changed;
    } catch (RuntimeException e) {
      log.warn(
          "Skipped unreadable record {}@{}: {}", record.partition(), record.offset(), e.toString());
      return null;
    }
  }

  /** The stream events a record carries. */
  List<StreamEvent> decode(ConsumerRecord<String, byte[]> record, ConversationChanged changed) {
    List<StreamEvent> decoded = new ArrayList<>(changed.changes().size());
    for (int i = 0; i < changed.changes().size() && i < StreamEvent.PER_RECORD; i++) {
      ConversationChanged.Change change = changed.changes().get(i);
      decoded.add(
          new StreamEvent(
              StreamEvent.id(record.offset(), i),
              changed.companyId(),
              changed.conversationId(),
              change.type(),
              DATA.writeValueAsString(change.data())));
    }
    return decoded;
  }

  /** A consumer of its own, outside any group, that commits nothing. */
  KafkaConsumer<String, byte[]> newConsumer() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-event-streams");
    return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
