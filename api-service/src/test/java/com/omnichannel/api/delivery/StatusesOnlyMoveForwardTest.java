package com.omnichannel.api.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import com.omnichannel.api.company.CompanyProvisioning;
import com.omnichannel.api.company.Provider;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.DeliveryLedger;
import com.omnichannel.api.conversation.DeliveryState;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.conversation.Message;
import com.omnichannel.contracts.ConversationChanged;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.testing.TestEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Statuses only move forward even when a change was decided on a status read a moment before and
 * another change came in between: each write is conditional, in the database, on the statuses it
 * may move from, and only a write that changed the row announces the change.
 */
@ApiIntegrationTest
class StatusesOnlyMoveForwardTest {

  static final long ACME = 1;
  static final long ALICE_AGENT = 2;

  @Autowired Conversations conversations;
  @Autowired Deliveries deliveries;
  @Autowired DeliveryStateMachine machine;
  @Autowired DeliveryLedger ledger;
  @Autowired CompanyProvisioning provisioning;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;
  @Autowired EventJson eventJson;

  @Test
  void aDeliveredDecidedOnAStaleSentNeverMovesAReadMessageBack() {
    Fixture fixture = conversation();
    Message message = sentMessage(fixture);
    DeliveryState readBefore = ledger.state(message.id()).orElseThrow();
    assertThat(readBefore.status()).isEqualTo(DeliveryStatus.SENT);

    // In between, the provider's 'read' is applied.
    deliveries.recordProviderStatus(
        ACME, fixture.channelId(), message.id(), null, DeliveryStatus.READ, null);
    long announced = updatesOf(fixture, message.id());

    transaction.executeWithoutResult(
        tx -> machine.reported(readBefore, DeliveryStatus.DELIVERED, null, Instant.now()));

    assertThat(statusOf(message.id())).isEqualTo(DeliveryStatus.READ);
    assertThat(updatesOf(fixture, message.id())).isEqualTo(announced);
  }

  /** WhatsApp and Twilio both call back with "sent" for a message the gateway already saw sent. */
  @Test
  void aProvidersSentForAMessageAlreadySentChangesAndAnnouncesNothing() {
    Fixture fixture = conversation();
    Message message = sentMessage(fixture);
    long announced = updatesOf(fixture, message.id());

    deliveries.recordProviderStatus(
        ACME, fixture.channelId(), message.id(), null, DeliveryStatus.SENT, null);

    assertThat(statusOf(message.id())).isEqualTo(DeliveryStatus.SENT);
    assertThat(updatesOf(fixture, message.id())).isEqualTo(announced);
  }

  @Test
  void theSameStatusTwiceFromOneStaleReadIsAppliedAndAnnouncedOnce() {
    Fixture fixture = conversation();
    Message message = sentMessage(fixture);
    DeliveryState readBefore = ledger.state(message.id()).orElseThrow();
    long announced = updatesOf(fixture, message.id());

    for (int i = 0; i < 2; i++) {
      transaction.executeWithoutResult(
          tx -> machine.reported(readBefore, DeliveryStatus.DELIVERED, null, Instant.now()));
    }

    assertThat(statusOf(message.id())).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(updatesOf(fixture, message.id())).isEqualTo(announced + 1);
  }

  @Test
  void gatewayReportsAndRetriesDecidedOnAStaleStatusChangeNothing() {
    Fixture fixture = conversation();
    Message pending = conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, "x");
    DeliveryState readWhilePending = ledger.state(pending.id()).orElseThrow();
    reportSent(requests(fixture).get(0));
    deliveries.recordProviderStatus(
        ACME, fixture.channelId(), pending.id(), null, DeliveryStatus.READ, null);
    DeliveryState read = ledger.state(pending.id()).orElseThrow();
    long announced = updatesOf(fixture, pending.id());

    // Each as if decided on the status read before the send and the read came in.
    transaction.executeWithoutResult(
        tx -> ledger.failed(readWhilePending.key(), 1, "a late failure"));
    transaction.executeWithoutResult(
        tx -> ledger.sent(readWhilePending.key(), 2, "prov-other", Instant.now()));
    transaction.executeWithoutResult(
        tx -> ledger.dueAt(pending.id(), 1, "a late retry", Instant.now()));
    transaction.executeWithoutResult(tx -> ledger.requeue(readWhilePending.key()));

    DeliveryState after = ledger.state(pending.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(DeliveryStatus.READ);
    assertThat(after.providerMessageId()).isEqualTo(read.providerMessageId());
    assertThat(after.attempts()).isEqualTo(read.attempts());
    assertThat(after.dueAt()).isNull();
    assertThat(updatesOf(fixture, pending.id())).isEqualTo(announced);
  }

  record Fixture(long channelId, long conversationId) {}

  Fixture conversation() {
    long channel =
        provisioning
            .createChannel(
                ACME, "sms", "sms", "https://203.0.113.10/messages", Provider.GENERIC, null)
            .id();
    var created = new TestConversations(jdbc, transaction).onChannel(channel, ALICE_AGENT);
    return new Fixture(channel, created.conversationId());
  }

  /** An agent's message the provider took. */
  Message sentMessage(Fixture fixture) {
    Message message =
        conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, "on its way");
    reportSent(requests(fixture).get(0));
    assertThat(statusOf(message.id())).isEqualTo(DeliveryStatus.SENT);
    return message;
  }

  void reportSent(OutboundMessageRequested request) {
    deliveries.recordAttempts(
        List.of(
            TestEvent.answering(request)
                .providerAnswered(200, "prov-" + request.messageId(), null)
                .deliveryAttempted(DeliveryOutcome.SENT)));
  }

  List<OutboundMessageRequested> requests(Fixture fixture) {
    return jdbc
        .sql("SELECT payload FROM outbox WHERE topic = ? AND event_key = ? ORDER BY id")
        .params(Topics.OUTBOUND_MESSAGE, Long.toString(fixture.conversationId()))
        .query(String.class)
        .list()
        .stream()
        .map(
            p -> eventJson.read(p.getBytes(StandardCharsets.UTF_8), OutboundMessageRequested.class))
        .toList();
  }

  DeliveryStatus statusOf(long messageId) {
    return ledger.state(messageId).orElseThrow().status();
  }

  /** How many changes of the message agents' event streams were told of. */
  long updatesOf(Fixture fixture, long messageId) {
    return jdbc
        .sql("SELECT payload FROM outbox WHERE topic = ? AND correlation_id = ?")
        .params(Topics.CONVERSATION_EVENTS, "conversation-" + fixture.conversationId())
        .query(String.class)
        .list()
        .stream()
        .map(p -> eventJson.read(p.getBytes(StandardCharsets.UTF_8), ConversationChanged.class))
        .flatMap(event -> event.changes().stream())
        .filter(change -> ConversationChanged.MESSAGE_UPDATED.equals(change.type()))
        .filter(change -> ((Number) change.data().get("id")).longValue() == messageId)
        .count();
  }
}
