package com.omnichannel.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Contacts' messages delivered while earlier ones commit are stored together, each once, in its
 * conversation, a conversation started once however many of the batch's messages it gets; a
 * provider's retry in a batch is told as such and stores nothing twice.
 */
@ApiIntegrationTest
class InboundBatchesTest {

  @Autowired Conversations conversations;
  @Autowired CompanyDirectory directory;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;
  @Autowired MeterRegistry meters;

  final Map<String, InboundResult> results = new ConcurrentHashMap<>();

  @Test
  void messagesDeliveredWhileEarlierOnesCommitAreStoredTogetherEachOnce() throws Exception {
    Channel channel = directory.findChannel(1).orElseThrow();
    var busy = new TestConversations(jdbc, transaction).ownedBy(1);
    String run = "batch-" + System.nanoTime() + "-";
    String newcomer = "+1444" + (System.nanoTime() % 10_000_000);
    String stored = run + "stored";
    conversations.appendInbound(
        channel, ContactAddress.parse(channel, "+15550001111"), stored, "before", "test");
    long batchesBefore = batchCount();

    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = holdLockOn(busy.conversationId(), locked, release);
    locked.await();
    // Both batches at once are taken by messages to the locked conversation.
    List<Thread> first = new ArrayList<>();
    first.add(deliver(channel, busy.phone(), run + "busy-1"));
    first.add(deliver(channel, busy.phone(), run + "busy-2"));
    await().until(() -> batchCount() >= batchesBefore + 2);
    List<Thread> queued = new ArrayList<>();
    queued.add(deliver(channel, newcomer, run + "new-1"));
    queued.add(deliver(channel, newcomer, run + "new-2"));
    queued.add(deliver(channel, "+15550002222", run + "other"));
    queued.add(deliver(channel, "+15550001111", stored));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queued.stream().allMatch(t -> t.getState() == Thread.State.WAITING));

    release.countDown();
    holder.join();
    for (Thread thread : first) {
      thread.join();
    }
    for (Thread thread : queued) {
      thread.join();
    }

    assertThat(largestBatch()).as("the four queued in one batch").isGreaterThanOrEqualTo(4);
    assertThat(results).hasSize(7 - 1);
    assertThat(results.get(stored).duplicate()).isTrue();
    assertThat(results.get(run + "new-1").duplicate()).isFalse();
    assertThat(count("SELECT COUNT(*) FROM messages WHERE channel_message_id LIKE ?", run + "%"))
        .isEqualTo(6);
    long newConversation = results.get(run + "new-1").conversation().id();
    assertThat(results.get(run + "new-2").conversation().id()).isEqualTo(newConversation);
    assertThat(
            count(
                "SELECT COUNT(*) FROM conversations c JOIN contacts k ON k.id = c.contact_id"
                    + " WHERE k.phone = ?",
                newcomer))
        .isOne();
    assertThat(
            count(
                "SELECT COUNT(*) FROM outbox WHERE topic = ? AND correlation_id = ?"
                    + " AND payload LIKE '%conversation_created%'",
                Topics.CONVERSATION_EVENTS, "conversation-" + newConversation))
        .as("started once")
        .isOne();
    assertThat(
            count(
                "SELECT COUNT(*) FROM outbox WHERE topic = ? AND event_key = ?",
                Topics.MESSAGE_RECEIVED,
                Long.toString(newConversation)))
        .as("each message published once")
        .isEqualTo(2);
  }

  private Thread deliver(Channel channel, String from, String providerId) {
    Thread thread =
        new Thread(
            () ->
                results.put(
                    providerId,
                    conversations.appendInbound(
                        channel,
                        ContactAddress.parse(channel, from),
                        providerId,
                        "hello",
                        "test-" + providerId)));
    thread.start();
    return thread;
  }

  private Thread holdLockOn(long conversationId, CountDownLatch locked, CountDownLatch release) {
    Thread holder =
        new Thread(
            () ->
                transaction.executeWithoutResult(
                    tx -> {
                      jdbc.sql("SELECT id FROM conversations WHERE id = ? FOR UPDATE")
                          .param(conversationId)
                          .query(Long.class)
                          .single();
                      locked.countDown();
                      await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
                    }));
    holder.start();
    return holder;
  }

  private long count(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }

  private Search batches() {
    return meters.find("omni.group_commit.batch_size").tag("name", "inbound_messages");
  }

  private long batchCount() {
    return batches().summary() == null ? 0 : batches().summary().count();
  }

  private double largestBatch() {
    return batches().summary() == null ? 0 : batches().summary().max();
  }
}
