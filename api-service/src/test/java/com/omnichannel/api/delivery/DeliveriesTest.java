package com.omnichannel.api.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import com.omnichannel.api.company.CompanyProvisioning;
import com.omnichannel.api.company.Provider;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.conversation.Message;
import com.omnichannel.api.reply.AiReplies;
import com.omnichannel.api.web.ConflictException;
import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.testing.TestWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the API drives the delivery of AI and agent messages: one message per conversation in
 * delivery, retries with back-off up to a limit, leases that re-request an unanswered attempt, and
 * statuses that only move forward. The gateway's reports are handed to the facade directly.
 */
@ApiIntegrationTest(
    properties = {
      "omni.outbound.max-attempts=3",
      "omni.outbound.retry-initial-interval=100ms",
      "omni.outbound.lease=3s",
      "omni.outbound.poll-interval=50ms"
    })
class DeliveriesTest {

  static final long ACME = 1;
  static final long ALICE_AGENT = 2;
  static final long ACME_AI = 1;
  static final String SECRET = "channel-secret";

  @Autowired Conversations conversations;
  @Autowired Deliveries deliveries;
  @Autowired AiReplies aiReplies;
  @Autowired CompanyProvisioning provisioning;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;
  @Autowired EventJson eventJson;
  @Autowired JsonMapper json;

  /** A conversation of Acme on a channel of its own, owned by {@code ownerId}. */
  record Fixture(long channelId, long conversationId, String phone) {}

  Fixture conversation(String outboundUrl, long ownerId) {
    long channel =
        provisioning.createChannel(ACME, "sms", "sms", outboundUrl, Provider.GENERIC, null).id();
    transaction.executeWithoutResult(
        tx ->
            jdbc.sql("UPDATE channels SET webhook_secret = ? WHERE id = ?")
                .params(SECRET, channel)
                .update());
    var created = new TestConversations(jdbc, transaction).onChannel(channel, ownerId);
    return new Fixture(channel, created.conversationId(), created.phone());
  }

  Fixture conversation() {
    return conversation("https://203.0.113.10/messages", ALICE_AGENT);
  }

  Message agentSays(Fixture fixture, String text) {
    return conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, text);
  }

  /** The delivery requests of a conversation in the outbox, oldest first. */
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

  List<OutboundMessageRequested> requestsFor(Fixture fixture, long messageId) {
    return requests(fixture).stream().filter(r -> r.messageId() == messageId).toList();
  }

  RecordedAttempt report(
      OutboundMessageRequested request, DeliveryOutcome outcome, Long retryAfterMs) {
    boolean sent = outcome.equals(DeliveryOutcome.SENT);
    DeliveryAttempted report =
        TestEvent.answering(request)
            .providerAnswered(
                sent ? 200 : 503,
                sent ? "prov-" + request.messageId() : null,
                sent ? null : "HTTP 503: busy")
            .retryAfterMillis(retryAfterMs)
            .deliveryAttempted(outcome);
    return deliveries.recordAttempts(List.of(report)).get(0);
  }

  Message message(Fixture fixture, long id) {
    return conversations.messages(ACME, fixture.conversationId(), id - 1, 1).get(0);
  }

  @Test
  void anAgentMessageIsRequestedWithARenderedSignedBody() {
    Fixture fixture = conversation();

    Message stored = agentSays(fixture, "Your parcel ships today");

    assertThat(stored.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(stored.deliveryAttempts()).isZero();
    OutboundMessageRequested request = requests(fixture).get(0);
    assertThat(request.messageId()).isEqualTo(stored.id());
    assertThat(request.attempt()).isEqualTo(1);
    assertThat(request.outboundUrl()).isEqualTo("https://203.0.113.10/messages");
    assertThat(request.signature()).isEqualTo(TestWebhook.signature(SECRET, request.body()));
    Map<String, Object> body = json.readValue(request.body(), Map.class);
    assertThat(body)
        .containsEntry("message_id", (int) stored.id())
        .containsEntry("conversation_id", (int) fixture.conversationId())
        .containsEntry("company_id", 1)
        .containsEntry("channel_id", (int) fixture.channelId())
        .containsEntry("to", fixture.phone())
        .containsEntry("sender", "agent")
        .containsEntry("text", "Your parcel ships today")
        .containsKey("created_at");
  }

  @Test
  void aMessageWaitsUntilTheOneBeforeItIsSent() {
    Fixture fixture = conversation();
    Message first = agentSays(fixture, "one");
    Message second = agentSays(fixture, "two");

    assertThat(requestsFor(fixture, second.id())).isEmpty();

    RecordedAttempt sent =
        report(requestsFor(fixture, first.id()).get(0), DeliveryOutcome.SENT, null);

    assertThat(sent.outcome()).isEqualTo(AttemptOutcome.SENT);
    assertThat(sent.storedToSent()).isNotNull();
    assertThat(requestsFor(fixture, second.id())).hasSize(1);
    Message delivered = message(fixture, first.id());
    assertThat(delivered.deliveryStatus()).isEqualTo(DeliveryStatus.SENT);
    assertThat(delivered.providerMessageId()).isEqualTo("prov-" + first.id());
    assertThat(delivered.deliveryAttempts()).isEqualTo(1);
  }

  @Test
  void aiRepliesStoredTogetherAreDeliveredOneAfterTheOther() {
    Fixture fixture = conversation("https://203.0.113.10/messages", ACME_AI);
    long firstQuestion = inbound(fixture);
    long secondQuestion = inbound(fixture);

    aiReplies.store(
        List.of(reply(fixture, firstQuestion), reply(fixture, secondQuestion)), Map.of());

    OutboundMessageRequested first =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> requests(fixture), r -> !r.isEmpty())
            .get(0);
    long second =
        jdbc.sql("SELECT id FROM messages WHERE conversation_id = ? AND sender = 'ai' AND id <> ?")
            .params(fixture.conversationId(), first.messageId())
            .query(Long.class)
            .single();
    assertThat(second).isGreaterThan(first.messageId());
    // Both replies were due at once; the later one waits for its turn instead of going out too.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql("SELECT delivery_due_at FROM messages WHERE id = ?")
                    .param(second)
                    .query(LocalDateTime.class)
                    .optional()
                    .isEmpty());
    assertThat(requestsFor(fixture, second)).isEmpty();

    report(first, DeliveryOutcome.SENT, null);

    assertThat(requestsFor(fixture, second)).hasSize(1);
  }

  @Test
  void aRetryableFailureIsRetriedWithTheSameKeyThenGivenUp() {
    Fixture fixture = conversation();
    Message first = agentSays(fixture, "one");
    Message second = agentSays(fixture, "two");

    for (int attempt = 1; attempt <= 3; attempt++) {
      int expected = attempt;
      OutboundMessageRequested request =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      requestsFor(fixture, first.id()).stream()
                          .filter(r -> r.attempt() == expected)
                          .findFirst()
                          .orElse(null),
                  r -> r != null);
      report(request, DeliveryOutcome.RETRYABLE, null);
    }

    Message failed = message(fixture, first.id());
    assertThat(failed.deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(failed.deliveryAttempts()).isEqualTo(3);
    assertThat(failed.deliveryError()).contains("Gave up after 3 attempts", "HTTP 503");
    assertThat(requestsFor(fixture, first.id()))
        .allSatisfy(r -> assertThat(r.body()).contains("\"message_id\":" + first.id()));
    // A finally failed message lets the next one go.
    assertThat(requestsFor(fixture, second.id())).hasSize(1);
  }

  @Test
  void retryAfterIsHonouredUpToAnHour() {
    Fixture fixture = conversation();
    Message first = agentSays(fixture, "one");

    report(requests(fixture).get(0), DeliveryOutcome.RETRYABLE, Duration.ofHours(5).toMillis());

    Instant due =
        jdbc.sql("SELECT delivery_due_at FROM messages WHERE id = ?")
            .param(first.id())
            .query(LocalDateTime.class)
            .single()
            .toInstant(ZoneOffset.UTC);
    assertThat(due)
        .isBetween(
            Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
    Message waiting = message(fixture, first.id());
    assertThat(waiting.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(waiting.deliveryAttempts()).isEqualTo(1);
    assertThat(waiting.deliveryError()).contains("HTTP 503");
  }

  @Test
  void aRejectionFailsAtOnceAndALateReportChangesNothing() {
    Fixture fixture = conversation();
    Message first = agentSays(fixture, "one");
    OutboundMessageRequested request = requests(fixture).get(0);

    assertThat(report(request, DeliveryOutcome.REJECTED, null).outcome())
        .isEqualTo(AttemptOutcome.FAILED);
    assertThat(report(request, DeliveryOutcome.RETRYABLE, null).outcome())
        .isEqualTo(AttemptOutcome.STALE);

    Message failed = message(fixture, first.id());
    assertThat(failed.deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(failed.deliveryAttempts()).isEqualTo(1);
  }

  @Test
  void aSentMessageIsNeverRequestedAgain() {
    Fixture fixture = conversation();
    Message first = agentSays(fixture, "one");
    OutboundMessageRequested request = requests(fixture).get(0);
    report(request, DeliveryOutcome.SENT, null);

    assertThat(report(request, DeliveryOutcome.RETRYABLE, null).outcome())
        .isEqualTo(AttemptOutcome.STALE);
    assertThat(report(request, DeliveryOutcome.SENT, null).outcome())
        .isEqualTo(AttemptOutcome.STALE);
    assertThat(
            jdbc.sql("SELECT delivery_due_at FROM messages WHERE id = ?")
                .param(first.id())
                .query(LocalDateTime.class)
                .optional())
        .isEmpty();
    assertThat(message(fixture, first.id()).deliveryStatus()).isEqualTo(DeliveryStatus.SENT);
    assertThat(requestsFor(fixture, first.id())).hasSize(1);
  }

  @Test
  void anUnansweredRequestIsRequestedAgainWithTheSameAttemptAfterItsLease() {
    Fixture fixture = conversation();
    Message first = agentSays(fixture, "one");

    List<OutboundMessageRequested> requests =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> requestsFor(fixture, first.id()), r -> r.size() >= 2);

    assertThat(requests).extracting(OutboundMessageRequested::attempt).containsOnly(1);
    assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
  }

  @Test
  void aChannelWithoutOutboundUrlFailsTheMessageWithThatReason() {
    Fixture fixture = conversation(null, ALICE_AGENT);

    Message stored = agentSays(fixture, "nobody hears this");

    assertThat(stored.deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(stored.deliveryError())
        .isEqualTo("Channel " + fixture.channelId() + " has no outbound_url");
    assertThat(requests(fixture)).isEmpty();
  }

  @Test
  void anAiReplyIsDeliveredButALateOneDroppedForAHumanIsNot() {
    Fixture aiOwned = conversation("https://203.0.113.10/messages", ACME_AI);
    Fixture humanOwned = conversation("https://203.0.113.10/messages", ALICE_AGENT);
    long question = inbound(aiOwned);
    long lateQuestion = inbound(humanOwned);

    aiReplies.store(List.of(reply(aiOwned, question), reply(humanOwned, lateQuestion)), Map.of());

    // Stored replies are due at once; the scheduler requests them right after the commit.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(requests(aiOwned)).hasSize(1));
    assertThat(requests(aiOwned))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).contains("\"sender\":\"ai\""));
    assertThat(requests(humanOwned)).isEmpty();
  }

  @Test
  void aFailedMessageCanBeRetriedByHandAndOnlyAFailedOne() {
    Fixture fixture = conversation();
    Message first = agentSays(fixture, "one");
    report(requests(fixture).get(0), DeliveryOutcome.REJECTED, null);

    Message requeued = deliveries.retry(ACME, fixture.conversationId(), first.id());

    assertThat(requeued.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(requeued.deliveryAttempts()).isZero();
    assertThat(requestsFor(fixture, first.id()))
        .hasSize(2)
        .extracting(OutboundMessageRequested::attempt)
        .containsExactly(1, 1);
    assertThatThrownBy(() -> deliveries.retry(ACME, fixture.conversationId(), first.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("pending");
  }

  long inbound(Fixture fixture) {
    String providerId = UUID.randomUUID().toString();
    return transaction.execute(
        tx -> {
          jdbc.sql(
                  """
                  INSERT INTO messages
                         (company_id, conversation_id, sender, content, channel_id, channel_message_id)
                  VALUES (1, ?, 'contact', 'question', ?, ?)
                  """)
              .params(fixture.conversationId(), fixture.channelId(), providerId)
              .update();
          return jdbc.sql("SELECT id FROM messages WHERE channel_message_id = ?")
              .param(providerId)
              .query(Long.class)
              .single();
        });
  }

  static AiReplyGenerated reply(Fixture fixture, long inReplyTo) {
    return TestEvent.about(fixture.conversationId())
        .company(ACME)
        .message(inReplyTo)
        .owner(ACME_AI)
        .text("the answer")
        .aiReplyGenerated();
  }
}
