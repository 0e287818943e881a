package com.omnichannel.system;

import static com.omnichannel.system.EventFlowIT.ACME;
import static com.omnichannel.system.EventFlowIT.ACME_WHATSAPP;
import static com.omnichannel.system.EventFlowIT.aiReplies;
import static com.omnichannel.system.EventFlowIT.newPhone;
import static com.omnichannel.system.EventFlowIT.providerId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.contracts.Topics;
import com.omnichannel.testing.TopicRecords;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Provider retries and concurrent deliveries never double a message, contact or conversation. */
class WebhookIdempotencyIT {

  static Stack stack;

  @BeforeAll
  static void startStack() {
    stack = Stack.get();
  }

  @Test
  void providerRetryAnswers200WithTheSameConversationAndCreatesNothing() {
    String phone = newPhone();
    String providerId = providerId();
    var first = stack.client.webhook(ACME, ACME_WHATSAPP, phone, "Hello", providerId);

    var retry = stack.client.webhook(ACME, ACME_WHATSAPP, phone, "Hello", providerId);

    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(200);
    long conversationId = first.body().get("id").asLong();
    assertThat(retry.body().get("id").asLong()).isEqualTo(conversationId);
    assertThat(contactMessages(conversationId)).isEqualTo(1);
    assertThat(eventsFor(conversationId)).isEqualTo(1);
    assertThat(publishedEventsFor(conversationId)).hasSize(1);
  }

  @Test
  void concurrentRetriesOfOneMessageStoreItOnceAndAnnounceItOnce() throws Exception {
    String phone = newPhone();
    String providerId = providerId();

    List<ApiClient.Response> responses =
        concurrently(
            16, () -> stack.client.webhook(ACME, ACME_WHATSAPP, phone, "Same message", providerId));

    assertThat(responses).extracting(ApiClient.Response::status).containsOnly(200, 201);
    assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
    long conversationId = responses.get(0).body().get("id").asLong();
    assertThat(responses)
        .allSatisfy(r -> assertThat(r.body().get("id").asLong()).isEqualTo(conversationId));
    assertThat(contactMessages(conversationId)).isEqualTo(1);
    assertThat(eventsFor(conversationId)).isEqualTo(1);
    assertThat(publishedEventsFor(conversationId)).hasSize(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> aiReplies(conversationId).size() == 1);
  }

  @Test
  void concurrentFirstMessagesFromANewContactShareOneContactAndOneConversation() throws Exception {
    String phone = newPhone();

    List<ApiClient.Response> responses =
        concurrently(
            16, () -> stack.client.webhook(ACME, ACME_WHATSAPP, phone, "Hi there", providerId()));

    assertThat(responses).extracting(ApiClient.Response::status).containsOnly(201);
    long conversationId = responses.get(0).body().get("id").asLong();
    assertThat(responses)
        .allSatisfy(r -> assertThat(r.body().get("id").asLong()).isEqualTo(conversationId));
    assertThat(
            stack
                .db
                .sql("SELECT COUNT(*) FROM contacts WHERE company_id = ? AND phone = ?")
                .params(ACME, phone)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            stack
                .db
                .sql(
                    """
                    SELECT COUNT(*) FROM conversations c JOIN contacts p ON p.id = c.contact_id
                     WHERE p.company_id = ? AND p.phone = ?
                    """)
                .params(ACME, phone)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(contactMessages(conversationId)).isEqualTo(16);
    assertThat(publishedEventsFor(conversationId)).hasSize(16);
    await().atMost(Duration.ofSeconds(30)).until(() -> aiReplies(conversationId).size() == 16);
  }

  static long contactMessages(long conversationId) {
    return stack
        .db
        .sql("SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND sender = 'contact'")
        .param(conversationId)
        .query(Long.class)
        .single();
  }

  static long eventsFor(long conversationId) {
    return stack
        .db
        .sql("SELECT COUNT(*) FROM outbox WHERE event_key = ?")
        .param(Long.toString(conversationId))
        .query(Long.class)
        .single();
  }

  /**
   * Every {@code MessageReceived} on the topic for the conversation, once the relay has published
   * all of its outbox rows: the exact number, not the first few.
   */
  static List<ConsumerRecord<String, byte[]>> publishedEventsFor(long conversationId) {
    String key = Long.toString(conversationId);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                stack
                        .db
                        .sql("SELECT COUNT(*) FROM outbox WHERE event_key = ? AND sent_at IS NULL")
                        .param(key)
                        .query(Long.class)
                        .single()
                    == 0);
    return TopicRecords.allUpToEnd(Topics.MESSAGE_RECEIVED, r -> key.equals(r.key()));
  }

  /** Runs {@code call} on {@code n} threads released at the same moment. */
  static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures =
          IntStream.range(0, n)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            start.await();
                            return call.call();
                          }))
              .toList();
      start.countDown();
      List<T> results = new java.util.ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
