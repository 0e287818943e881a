package com.omnichannel.api.plans;

import static com.omnichannel.api.plans.PlanProbe.Call.named;
import static com.omnichannel.api.plans.PlanProbe.Call.of;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.contracts.ConversationTurn;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every hot statement is bounded by an index, whatever the history: with tens of thousands of
 * messages stored ({@link HistoryFixture}), each reads its tables by the index meant for it, never
 * by a full scan, and reads a number of rows set by what it returns (a look-up, a page, a batch),
 * far below the history's size. A statement that lost its index, or one the optimizer stopped
 * using, fails here long before a large database slows down.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlansTest {

  static final int PAGE = Conversations.DEFAULT_PAGE_SIZE + 1;

  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  HistoryFixture history;
  PlanProbe probe;
  long company;
  long channel;
  long conversation;
  long contact;
  long question;
  long reply;
  long pending;
  final LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);

  @BeforeAll
  void storeHistory() {
    history = new HistoryFixture(jdbc, transaction);
    history.insert();
    history.analyze();
    probe = new PlanProbe(jdbc, transaction);
    company = history.company;
    HistoryFixture.Sample sample = history.sample();
    conversation = sample.conversation();
    channel = sample.channel();
    contact = sample.contact();
    question = sample.question();
    reply = sample.reply();
    pending = sample.pending();
  }

  @AfterAll
  void removeHistory() {
    if (history != null) {
      history.remove();
    }
  }

  @Test
  void webhookIntakeLooksUpByKeys() {
    probe.of(of(IntakeStatement.CONTACT_NAME, contact)).oneRow("contacts", "PRIMARY");
    probe
        .of(of(IntakeStatement.LATEST_CONVERSATION_ID, channel, contact))
        .reads("conversations", "uq_conversations_thread")
        .estimatesAtMost(1)
        .readsAtMost(2);
    probe
        .of(of(IntakeStatement.LOCK_LATEST_CONVERSATION, channel, contact))
        .reads("c", "uq_conversations_thread")
        .reads("u", "PRIMARY")
        .estimatesAtMost(1)
        .readsAtMost(4);
    probe
        .of(
            of(
                IntakeStatement.CONVERSATION_OF_DELIVERED,
                channel,
                "plans-" + conversation + "-" + (HistoryFixture.TURNS - 1)))
        .oneRow("messages", "uq_messages_channel_message");
    probe
        .of(of(IntakeStatement.FIND_CONVERSATION, conversation, company))
        .oneRow("conversations", "PRIMARY");
    probe
        .of(of(IntakeStatement.LOCK_CONVERSATION, conversation, company))
        .oneRow("conversations", "PRIMARY");
    probe
        .of(of(IntakeStatement.INBOUND_STORED, now, now, "open", conversation))
        .oneRow("conversations", "PRIMARY");
    probe
        .of(of(IntakeStatement.TURNS_BEFORE, conversation, question, ConversationTurn.MAX_TURNS))
        .reads("messages", "ix_messages_conversation")
        .readsAtMost(ConversationTurn.MAX_TURNS + 2);
    probe
        .of(named(IntakeStatement.INBOX_ENTRIES, Map.of("ids", List.of(conversation))))
        .reads("c", "PRIMARY")
        .reads("u", "PRIMARY")
        .reads("l", "ix_messages_conversation")
        .reads("k", "PRIMARY")
        .reads("m", "PRIMARY")
        .readsAtMost(12);
    probe
        .of(named(IntakeStatement.FIND_MESSAGES, Map.of("ids", List.of(question, reply))))
        .reads("messages", "PRIMARY")
        .estimatesAtMost(2)
        .readsAtMost(3);
  }

  @Test
  void storingAiRepliesLooksUpByKeys() {
    List<Long> conversations = List.of(conversation - 1, conversation);
    List<Long> questions = List.of(question - 2, question);
    probe
        .of(named(IntakeStatement.LOCK_OWNERS, Map.of("ids", conversations)))
        .reads("c", "PRIMARY")
        .reads("u", "PRIMARY")
        .estimatesAtMost(2)
        .readsAtMost(6);
    probe
        .of(named(IntakeStatement.QUESTIONS, Map.of("ids", questions)))
        .reads("q", "PRIMARY")
        .reads("r", "uq_messages_in_reply_to")
        .estimatesAtMost(2)
        .readsAtMost(6);
    probe
        .of(named(IntakeStatement.MESSAGES_STORED, Map.of("at", now, "ids", conversations)))
        .reads("conversations", "PRIMARY")
        .estimatesAtMost(2)
        .readsAtMost(3);
    probe
        .of(named(IntakeStatement.REPLIES_TO, Map.of("ids", questions)))
        .reads("messages", "uq_messages_in_reply_to")
        .estimatesAtMost(2)
        .readsAtMost(4);
    probe
        .of(of(IntakeStatement.CHANGE_OWNER, history.agent, now, conversation))
        .oneRow("conversations", "PRIMARY");
  }

  @Test
  void deliveriesLookUpByKeys() {
    String early = "plans-early-5";
    String providerId = "plans-out-" + question;
    probe
        .of(named(DeliveryStatement.LOCK_ALL, Map.of("ids", List.of(conversation))))
        .oneRow("conversations", "PRIMARY");
    probe
        .of(of(DeliveryStatement.DELIVERY_HEAD, conversation, "pending"))
        .reads("m", "ix_messages_delivery_head")
        .reads("c", "PRIMARY")
        .reads("ct", "PRIMARY")
        .estimatesAtMost(1)
        .readsAtMost(4);
    probe.of(of(DeliveryStatement.WAIT_FOR_TURN, pending, "pending")).oneRow("messages", "PRIMARY");
    probe
        .of(of(DeliveryStatement.DUE, now, 500))
        .reads("messages", "ix_messages_delivery_due")
        .readsAtMost(501);
    probe.of(of(DeliveryStatement.DELIVERY_STATE, reply)).oneRow("messages", "PRIMARY");
    probe
        .of(of(DeliveryStatement.FIND_DELIVERY_BY_ID, company, channel, reply))
        .reads("m", "PRIMARY")
        .reads("c", "PRIMARY")
        .estimatesAtMost(1)
        .readsAtMost(3);
    probe
        .of(of(DeliveryStatement.FIND_DELIVERY_BY_PROVIDER_ID, company, channel, providerId))
        .reads("m", "ix_messages_provider_message")
        .reads("c", "PRIMARY")
        .estimatesAtMost(1)
        .readsAtMost(4);
    probe
        .of(of(DeliveryStatement.DUE_AT, 1, null, now, pending, "pending"))
        .oneRow("messages", "PRIMARY");
    probe
        .of(of(DeliveryStatement.SENT, "sent", 1, "plans-sent", now, pending, "pending"))
        .oneRow("messages", "PRIMARY");
    Map<String, Object> move = new HashMap<>();
    move.put("status", "read");
    move.put("error", null);
    move.put("id", pending);
    move.put("from", List.of("pending", "sent", "delivered"));
    probe.of(named(DeliveryStatement.MOVE, move)).oneRow("messages", "PRIMARY");
    probe
        .of(of(DeliveryStatement.SENT_LATE, "plans-late", now, reply))
        .oneRow("messages", "PRIMARY");
    probe
        .of(of(DeliveryStatement.FIND_MESSAGE, reply))
        .reads("messages", "PRIMARY")
        .estimatesAtMost(1)
        .readsAtMost(1);
    probe
        .of(of(DeliveryStatement.TAKE_EARLY_STATUSES, history.channel, early))
        .reads("early_provider_statuses", "PRIMARY")
        .estimatesAtMost(3)
        .readsAtMost(3);
    probe
        .of(
            of(
                DeliveryStatement.EARLY_STATUSES_RECEIVED_BETWEEN,
                now.minusDays(1),
                now.minusSeconds(5),
                500))
        .reads("e", "ix_early_provider_statuses_received")
        .reads("m", "ix_messages_provider_message")
        // Per status seen: its row, the look-up of its provider id, the message's conversation.
        .readsAtMost(3 * 501);
    probe
        .of(of(DeliveryStatement.DROP_EARLY_STATUSES, now.minusDays(1)))
        .reads("early_provider_statuses", "ix_early_provider_statuses_received")
        .readsAtMost(1_001);
  }

  @Test
  void theOutboxReadsItsPendingRowsAndPrunesItsOldestByIndex() {
    probe
        .of(of(ListStatement.RELAY_PENDING, 500))
        .reads("outbox", "ix_outbox_pending")
        .readsAtMost(501);
    probe
        .of(named(ListStatement.RELAY_MARK_SENT, Map.of("sentAt", now, "ids", List.of(1L, 2L))))
        .reads("outbox", "PRIMARY")
        .estimatesAtMost(2)
        .readsAtMost(3);
    probe.of(of(ListStatement.RELAY_REFUSAL, 1, "refused", null, 1L)).oneRow("outbox", "PRIMARY");
    probe
        .of(of(ListStatement.PRUNE, now.minusMinutes(1), 2_000))
        .reads("outbox", "ix_outbox_pending")
        .readsAtMost(2_001);
    probe
        .of(of(ListStatement.BACKLOG))
        .reads("outbox", "ix_outbox_pending")
        .readsAtMost(HistoryFixture.SENT_OUTBOX_ROWS / 100);
  }

  @Test
  void theInboxAndTheMessagesListReadAPage() {
    Map<String, Object> first = Map.of("company", company, "limit", PAGE);
    // A page's conversations, each with its owner, contact and latest message (two steps), and
    // the page materialized and sorted: about ten reads a row.
    long pageReads = 12L * PAGE;
    probe
        .of(named(ListStatement.INBOX_FIRST_PAGE, first))
        .reads("c", "ix_conversations_inbox")
        .reads("u", "PRIMARY")
        .reads("l", "ix_messages_conversation")
        .reads("k", "PRIMARY")
        .reads("m", "PRIMARY")
        .readsAtMost(pageReads);
    LocalDateTime at =
        jdbc.sql("SELECT last_message_at FROM conversations WHERE id = ?")
            .param(conversation)
            .query(LocalDateTime.class)
            .single();
    probe
        .of(named(ListStatement.INBOX_NEXT_PAGE, with(with(first, "at", at), "id", conversation)))
        .reads("c", "ix_conversations_inbox")
        .readsAtMost(pageReads);
    // Every 50th conversation is open: by the company's index, a page of them walked 50 pages of
    // history. (The owner type and channel filters have no index of their own: they walk the
    // company's conversations until a page matched.)
    probe
        .of(named(ListStatement.INBOX_BY_STATUS, with(first, "status", "open")))
        .reads("c", "ix_conversations_inbox_status")
        .readsAtMost(pageReads);
    probe
        .of(named(ListStatement.INBOX_BY_STATUS, with(first, "status", "resolved")))
        .readsAtMost(pageReads);
    // The agent owns a tenth, the AI the rest; by the foreign key's index a page read them all.
    for (long owner : List.of(history.agent, history.ai)) {
      probe
          .of(named(ListStatement.INBOX_BY_OWNER, with(first, "owner", owner)))
          .reads("c", "ix_conversations_inbox_owner")
          .readsAtMost(pageReads);
    }
    probe
        .of(of(ListStatement.MESSAGES_PAGE, conversation, 0L, PAGE))
        .reads("messages", "ix_messages_conversation")
        .readsAtMost(PAGE + 1);
  }

  static Map<String, Object> with(Map<String, Object> params, String name, Object value) {
    Map<String, Object> more = new HashMap<>(params);
    more.put(name, value);
    return more;
  }
}
