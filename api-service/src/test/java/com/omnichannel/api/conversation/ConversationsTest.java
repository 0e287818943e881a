package com.omnichannel.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import com.omnichannel.api.company.AssistantSettings;
import com.omnichannel.api.company.Channel;
import com.omnichannel.contracts.ConversationTurn;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.kafka.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The one door for conversation writes: what every write leaves behind. */
@ApiIntegrationTest
class ConversationsTest {

  @Autowired Conversations conversations;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;
  @Autowired AssistantSettings assistant;
  @Autowired EventJson json;

  @Test
  void concurrentFirstMessagesOfACompanyWithoutAnAiUserCreateExactlyOne() throws Exception {
    Channel channel = companyWithoutUsers();
    int senders = 16;
    var start = new CountDownLatch(1);
    List<CompletableFuture<InboundResult>> deliveries;
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      deliveries =
          IntStream.range(0, senders)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            await(start);
                            return conversations.appendInbound(
                                channel,
                                new ContactAddress("+1666000" + (1000 + i), null),
                                "first-" + UUID.randomUUID(),
                                "hello",
                                "test");
                          },
                          pool))
              .toList();
      start.countDown();
      CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }

    List<Long> aiUsers =
        jdbc.sql("SELECT id FROM users WHERE company_id = ? AND role = 'ai'")
            .param(channel.companyId())
            .query(Long.class)
            .list();
    assertThat(aiUsers).hasSize(1);
    assertThat(deliveries)
        .allSatisfy(d -> assertThat(d.join().conversation().ownerId()).isEqualTo(aiUsers.get(0)));
  }

  @Test
  void anInboundMessageMovesTheConversationsActivity() {
    var from = new ContactAddress("+1666111" + (1000 + (int) (Math.random() * 8999)), null);
    Channel whatsapp = new Channel(1, 1, "WhatsApp Support", "whatsapp", null, null);

    var first = conversations.appendInbound(whatsapp, from, "a-" + UUID.randomUUID(), "1", "t");
    var second = conversations.appendInbound(whatsapp, from, "b-" + UUID.randomUUID(), "2", "t");

    Conversation stored = conversations.get(1, second.conversation().id());
    assertThat(second.conversation().id()).isEqualTo(first.conversation().id());
    assertThat(stored.lastMessageAt()).isEqualTo(second.conversation().lastMessageAt());
    assertThat(stored.lastMessageAt()).isAfter(first.conversation().lastMessageAt());
    assertThat(stored.updatedAt()).isEqualTo(stored.lastMessageAt());
  }

  /** WhatsApp's wamids are base64: ids that differ only in case, or in an accent, are two. */
  @Test
  void providerIdsThatDifferOnlyInCaseOrAccentAreDifferentMessages() {
    var from = new ContactAddress("+1666333" + (1000 + (int) (Math.random() * 8999)), null);
    Channel whatsapp = new Channel(1, 1, "WhatsApp Support", "whatsapp", null, null);
    String id = "wamid.CaSe" + UUID.randomUUID();

    var upper = conversations.appendInbound(whatsapp, from, id, "one", "t");
    var lower = conversations.appendInbound(whatsapp, from, id.toLowerCase(), "two", "t");
    var accented = conversations.appendInbound(whatsapp, from, id.replace('a', 'á'), "three", "t");
    var retry = conversations.appendInbound(whatsapp, from, id, "one", "t");

    assertThat(List.of(upper, lower, accented)).noneMatch(InboundResult::duplicate);
    assertThat(retry.duplicate()).isTrue();
    assertThat(conversations.messages(1, upper.conversation().id(), 0, 200))
        .extracting(Message::content)
        .containsSubsequence("one", "two", "three");
  }

  @Test
  void anAiOwnedConversationsEventCarriesTheAssistantAndTheEarlierMessages() {
    Channel channel = companyWithoutUsers();
    assistant.set(channel.companyId(), "Answer like a pirate.");
    var from = new ContactAddress("+1666222" + (1000 + (int) (Math.random() * 8999)), null);
    long conversation =
        conversations
            .appendInbound(channel, from, UUID.randomUUID().toString(), "first", "t")
            .conversation()
            .id();
    conversations.appendInbound(channel, from, UUID.randomUUID().toString(), "second", "t");
    conversations.appendInbound(channel, from, UUID.randomUUID().toString(), "third", "t");
    conversations.toggleOwnership(channel.companyId(), conversation);
    conversations.appendInbound(channel, from, UUID.randomUUID().toString(), "for a human", "t");

    List<MessageReceived> events = receivedEvents(conversation);

    assertThat(events)
        .extracting(MessageReceived::text)
        .containsExactly("first", "second", "third", "for a human");
    MessageReceived third = events.get(2);
    assertThat(third.aiOwned()).isTrue();
    assertThat(third.companyName()).startsWith("Company ");
    assertThat(third.assistantInstructions()).isEqualTo("Answer like a pirate.");
    assertThat(third.history())
        .containsExactly(
            new ConversationTurn("contact", "first"), new ConversationTurn("contact", "second"));
    assertThat(events.get(0).history()).isEmpty();
    MessageReceived forHuman = events.get(3);
    assertThat(forHuman.aiOwned()).isFalse();
    assertThat(forHuman.companyName()).isNull();
    assertThat(forHuman.history()).isEmpty();
  }

  /**
   * The largest event an inbound message makes: a text of the most characters allowed, the
   * instructions of the most characters allowed and the history of the most bytes allowed, each of
   * characters that JSON writes as six bytes. It is over the 64 KiB a TEXT column holds, which
   * refused the insert and so lost the message; the outbox's payload column holds it.
   */
  @Test
  void theLargestEventAnInboundMessageCanMakeFitsTheOutbox() {
    Channel channel = companyWithoutUsers();
    assistant.set(channel.companyId(), "\u0001".repeat(AssistantSettings.MAX_INSTRUCTIONS_LENGTH));
    var from = new ContactAddress("+1666444" + (1000 + (int) (Math.random() * 8999)), null);
    String text = "\u0002".repeat(Message.MAX_TEXT_LENGTH);
    long conversation =
        conversations
            .appendInbound(channel, from, UUID.randomUUID().toString(), text, "t")
            .conversation()
            .id();
    conversations.appendInbound(channel, from, UUID.randomUUID().toString(), text, "t");
    conversations.appendInbound(channel, from, UUID.randomUUID().toString(), text, "t");

    List<String> payloads = payloads(conversation);

    assertThat(payloads).hasSize(3);
    assertThat(payloads.get(2).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(65_535);
    MessageReceived last =
        json.read(payloads.get(2).getBytes(StandardCharsets.UTF_8), MessageReceived.class);
    assertThat(last.text()).isEqualTo(text);
    assertThat(last.history())
        .hasSize(2)
        .allSatisfy(turn -> assertThat(turn.text()).isEqualTo(text));
  }

  private List<MessageReceived> receivedEvents(long conversation) {
    return payloads(conversation).stream()
        .map(payload -> json.read(payload.getBytes(StandardCharsets.UTF_8), MessageReceived.class))
        .toList();
  }

  private List<String> payloads(long conversation) {
    return jdbc.sql(
            """
            SELECT payload FROM outbox
             WHERE event_type = 'MessageReceived' AND event_key = ?
             ORDER BY id
            """)
        .param(Long.toString(conversation))
        .query(String.class)
        .list();
  }

  private Channel companyWithoutUsers() {
    return new TestConversations(jdbc, transaction).companyWithChannel("sms");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
