package com.omnichannel.system;

import static com.omnichannel.system.EventFlowIT.ACME;
import static com.omnichannel.system.EventFlowIT.ACME_WHATSAPP;
import static com.omnichannel.system.EventFlowIT.aiReplies;
import static com.omnichannel.system.EventFlowIT.newPhone;
import static com.omnichannel.system.EventFlowIT.providerId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.Topics;
import com.omnichannel.testing.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

/** At-least-once delivery, broker outages and poison records lose nothing and double nothing. */
class DeliveryGuaranteesIT {

  static Stack stack;

  @BeforeAll
  static void startStack() {
    stack = Stack.get();
  }

  /**
   * Far under the producer's max.block.ms (3 s), which a webhook that waited on Kafka would spend
   * at least; far over what a webhook takes on a loaded machine (milliseconds).
   */
  static final Duration WEBHOOK_BOUND_DURING_OUTAGE = Duration.ofMillis(1500);

  @Test
  void kafkaOutageNeitherFailsWebhooksNorLosesTheirEvents() throws Exception {
    // Warm the webhook path first, so that what is timed below is the webhook, not a cold start.
    assertThat(
            stack
                .client
                .webhook(ACME, ACME_WHATSAPP, newPhone(), "Before outage", providerId())
                .status())
        .isEqualTo(201);
    List<Long> conversations = new ArrayList<>();
    List<Duration> latencies = new ArrayList<>();
    stack.infrastructure().stopKafka();
    try {
      for (int i = 0; i < 5; i++) {
        long started = System.nanoTime();
        var response =
            stack.client.webhook(
                ACME, ACME_WHATSAPP, newPhone(), "During outage " + i, providerId());
        latencies.add(Duration.ofNanos(System.nanoTime() - started));
        assertThat(response.status()).isEqualTo(201);
        conversations.add(response.body().get("id").asLong());
      }
      assertThat(pendingEvents(conversations)).isEqualTo(5);
      // The worker is not ready for consumer work, yet alive: nothing restarts it. The API stays
      // ready, since it takes webhooks into its outbox.
      await("the worker not ready")
          .atMost(Duration.ofSeconds(20))
          .until(() -> Stack.status(stack.workerUri("/actuator/health/readiness")) == 503);
      assertThat(Stack.status(stack.workerUri("/actuator/health/liveness"))).isEqualTo(200);
      assertThat(Stack.status(stack.managementUri("/actuator/health/readiness"))).isEqualTo(200);
      assertThat(Stack.status(stack.managementUri("/actuator/health/liveness"))).isEqualTo(200);
    } finally {
      stack.infrastructure().startKafka();
    }
    await("the worker ready again")
        .atMost(Duration.ofSeconds(60))
        .until(() -> Stack.status(stack.workerUri("/actuator/health/readiness")) == 200);

    assertThat(latencies)
        .as("webhook latencies during the Kafka outage")
        .allSatisfy(latency -> assertThat(latency).isLessThan(WEBHOOK_BOUND_DURING_OUTAGE));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(conversations).allSatisfy(id -> assertThat(aiReplies(id)).hasSize(1)));
    assertThat(pendingEvents(conversations)).isZero();
  }

  @Test
  void redeliveredMessageReceivedYieldsOneReply() throws Exception {
    long conversationId =
        stack
            .client
            .webhook(ACME, ACME_WHATSAPP, newPhone(), "Once only", providerId())
            .body()
            .get("id")
            .asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> aiReplies(conversationId).size() == 1);
    String payload =
        stack
            .db
            .sql("SELECT payload FROM outbox WHERE event_key = ?")
            .param(Long.toString(conversationId))
            .query(String.class)
            .single();
    double duplicatesBefore = stack.apiCounter("omni.ai_replies", "outcome", "duplicate");

    publish(
        Topics.MESSAGE_RECEIVED,
        Long.toString(conversationId),
        payload.getBytes(StandardCharsets.UTF_8));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> stack.apiCounter("omni.ai_replies", "outcome", "duplicate") > duplicatesBefore);
    assertThat(aiReplies(conversationId)).hasSize(1);
  }

  @Test
  void poisonRecordGoesToTheDeadLetterTopicOnceAndLaterMessagesAreStillAnswered() throws Exception {
    String key = "poison-" + UUID.randomUUID();
    byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);

    publish(Topics.MESSAGE_RECEIVED, key, poison);
    publish(Topics.AI_REPLY, key, poison);

    String messageReceivedDlt = Topics.deadLetterOf(Topics.MESSAGE_RECEIVED);
    String aiReplyDlt = Topics.deadLetterOf(Topics.AI_REPLY);
    assertThat(find(messageReceivedDlt, key).value()).isEqualTo(poison);
    assertThat(find(aiReplyDlt, key).value()).isEqualTo(poison);
    long conversationId =
        stack
            .client
            .webhook(ACME, ACME_WHATSAPP, newPhone(), "After the poison", providerId())
            .body()
            .get("id")
            .asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> aiReplies(conversationId).size() == 1);
    // Counted after a later message made the whole round trip: the poison went to each DLT once,
    // not once per attempt.
    assertThat(TopicRecords.allUpToEnd(messageReceivedDlt, r -> key.equals(r.key()))).hasSize(1);
    assertThat(TopicRecords.allUpToEnd(aiReplyDlt, r -> key.equals(r.key()))).hasSize(1);
  }

  @Test
  void eventsCarryTypeAndCorrelationHeaders() {
    long conversationId =
        stack
            .client
            .webhook(ACME, ACME_WHATSAPP, newPhone(), "Trace me", providerId())
            .body()
            .get("id")
            .asLong();
    String correlation =
        stack
            .db
            .sql("SELECT correlation_id FROM outbox WHERE event_key = ?")
            .param(Long.toString(conversationId))
            .query(String.class)
            .single();

    ConsumerRecord<String, byte[]> reply = find(Topics.AI_REPLY, Long.toString(conversationId));

    assertThat(
            new String(
                reply.headers().lastHeader(EventHeaders.EVENT_TYPE).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("AiReplyGenerated");
    assertThat(
            new String(
                reply.headers().lastHeader(EventHeaders.CORRELATION_ID).value(),
                StandardCharsets.UTF_8))
        .isEqualTo(correlation);
    assertThat(new String(reply.value(), StandardCharsets.UTF_8))
        .contains("\"event_type\":\"AiReplyGenerated\"", "\"conversation_id\":" + conversationId);
  }

  private static long pendingEvents(List<Long> conversationIds) {
    return conversationIds.stream()
        .mapToLong(
            id ->
                stack
                    .db
                    .sql("SELECT COUNT(*) FROM outbox WHERE event_key = ? AND sent_at IS NULL")
                    .param(Long.toString(id))
                    .query(Long.class)
                    .single())
        .sum();
  }

  @SuppressWarnings("unchecked")
  private static void publish(String topic, String key, byte[] value) throws Exception {
    KafkaTemplate<String, byte[]> kafka = stack.api.getBean(KafkaTemplate.class);
    kafka.send(new ProducerRecord<>(topic, key, value)).get();
  }

  /** The first record with {@code key} on {@code topic}, waiting for it to arrive. */
  private static ConsumerRecord<String, byte[]> find(String topic, String key) {
    return TopicRecords.await(topic, r -> key.equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
  }
}
