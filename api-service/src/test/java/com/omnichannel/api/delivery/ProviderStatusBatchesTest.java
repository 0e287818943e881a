package com.omnichannel.api.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.conversation.Message;
import com.omnichannel.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Providers' statuses that arrive together are stored together, each once and announced; one of a
 * message still pending is stored alone, under its conversation's lock.
 */
@ApiIntegrationTest
class ProviderStatusBatchesTest {

  static final long ACME = 1;
  static final long ALICE_AGENT = 2;
  static final long WHATSAPP_CHANNEL = 3;

  @Autowired ProviderStatusBatches statuses;
  @Autowired Conversations conversations;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;
  @Autowired MeterRegistry meters;

  /** Agent messages in one conversation on the WhatsApp channel, sent with these provider ids. */
  List<Long> sentMessages(List<String> wamids) {
    long conversation =
        new TestConversations(jdbc, transaction)
            .onChannel(WHATSAPP_CHANNEL, ALICE_AGENT)
            .conversationId();
    List<Long> ids = new ArrayList<>();
    for (String wamid : wamids) {
      Message posted = conversations.postFromAgent(ACME, conversation, ALICE_AGENT, "Hi");
      transaction.executeWithoutResult(
          tx ->
              jdbc.sql(
                      "UPDATE messages SET delivery_status = 'sent', provider_message_id = ?"
                          + " WHERE id = ?")
                  .params(wamid, posted.id())
                  .update());
      ids.add(posted.id());
    }
    return ids;
  }

  @Test
  void statusesPostedWhileABatchCommitsAreStoredInTheNextTogetherEachOnceAndAnnounced()
      throws InterruptedException {
    String run = "wamid.Batch" + System.nanoTime() + ".";
    List<String> wamids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      wamids.add(run + i);
    }
    List<Long> ids = sentMessages(wamids);
    double largestBefore = largestBatch();
    // The first status's batch waits on this lock on its message's row, so the next five queue.
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () ->
                transaction.executeWithoutResult(
                    tx -> {
                      jdbc.sql("SELECT id FROM messages WHERE id = ? FOR UPDATE")
                          .param(ids.get(0))
                          .query(Long.class)
                          .single();
                      locked.countDown();
                      await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
                    }));
    holder.start();
    locked.await();
    long batchesBefore = batches();
    List<Thread> posts = new ArrayList<>();
    posts.add(post(wamids.get(0), DeliveryStatus.DELIVERED));
    await().until(() -> batches() == batchesBefore + 1);
    for (int i = 1; i < wamids.size(); i++) {
      posts.add(post(wamids.get(i), DeliveryStatus.DELIVERED));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                posts.subList(1, posts.size()).stream()
                    .allMatch(post -> post.getState() == Thread.State.WAITING));

    release.countDown();
    holder.join();
    for (Thread post : posts) {
      post.join();
    }

    for (long id : ids) {
      assertThat(conversations.message(id).deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
    }
    assertThat(largestBatch()).isGreaterThanOrEqualTo(Math.max(largestBefore, 5));
    assertThat(announcedDeliveredOf(ids)).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aStatusOfAPendingMessageIsStoredAloneAndOneOfAnUnknownIdWaits() {
    long conversation =
        new TestConversations(jdbc, transaction)
            .onChannel(WHATSAPP_CHANNEL, ALICE_AGENT)
            .conversationId();
    Message pending = conversations.postFromAgent(ACME, conversation, ALICE_AGENT, "Hi");
    String wamid = "wamid.Pending" + System.nanoTime();
    transaction.executeWithoutResult(
        tx ->
            jdbc.sql("UPDATE messages SET provider_message_id = ? WHERE id = ?")
                .params(wamid, pending.id())
                .update());

    assertThat(statuses.record(ACME, WHATSAPP_CHANNEL, wamid, DeliveryStatus.READ, null)).isTrue();
    assertThat(
            statuses.record(
                ACME,
                WHATSAPP_CHANNEL,
                "wamid.Unknown" + System.nanoTime(),
                DeliveryStatus.READ,
                null))
        .isFalse();

    assertThat(conversations.message(pending.id()).deliveryStatus()).isEqualTo(DeliveryStatus.READ);
  }

  private Thread post(String wamid, DeliveryStatus status) {
    Thread thread = new Thread(() -> statuses.record(ACME, WHATSAPP_CHANNEL, wamid, status, null));
    thread.start();
    return thread;
  }

  private long batches() {
    var summary = meters.find("omni.group_commit.batch_size").tag("name", "provider_statuses");
    return summary.summary() == null ? 0 : summary.summary().count();
  }

  private double largestBatch() {
    var summary = meters.find("omni.group_commit.batch_size").tag("name", "provider_statuses");
    return summary.summary() == null ? 0 : summary.summary().max();
  }

  /** The messages among {@code ids} that a conversation event announced as delivered. */
  private List<Long> announcedDeliveredOf(List<Long> ids) {
    List<Long> announced = new ArrayList<>();
    for (long id : ids) {
      long events =
          jdbc.sql(
                  "SELECT COUNT(*) FROM outbox WHERE topic = ? AND payload LIKE ?"
                      + " AND payload LIKE '%\"delivery_status\":\"delivered\"%'")
              .params(Topics.CONVERSATION_EVENTS, "%\"id\":" + id + ",%")
              .query(Long.class)
              .single();
      if (events > 0) {
        announced.add(id);
      }
    }
    return announced;
  }
}
