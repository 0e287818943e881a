package com.omnichannel.api.reply;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import com.omnichannel.api.conversation.Conversation;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.ConversationChanged;
import com.omnichannel.contracts.HandoffRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.testing.TestEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Replies are stored once, only while the AI owns the conversation, only within its company. */
@ApiIntegrationTest
class AiReplyStorageTest {

  @Autowired Conversations conversations;
  @Autowired AiReplies aiReplies;
  @Autowired EventJson events;
  @Autowired JdbcClient jdbc;
  // The pool's connections are not in autocommit mode: fixtures commit like the application does.
  @Autowired TransactionTemplate transaction;

  long conversationOwnedBy(long ownerId) {
    return new TestConversations(jdbc, transaction).ownedBy(ownerId).conversationId();
  }

  long inbound(long conversation) {
    return new TestConversations(jdbc, transaction).inboundMessage(conversation);
  }

  static AiReplyGenerated reply(long company, long conversation, long inReplyTo) {
    return TestEvent.about(conversation)
        .company(company)
        .message(inReplyTo)
        .text("answer")
        .aiReplyGenerated();
  }

  ReplyOutcome persist(AiReplyGenerated reply) {
    return aiReplies.store(List.of(reply), Map.of()).get(0);
  }

  long aiMessages(long conversation) {
    return jdbc.sql("SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND sender = 'ai'")
        .param(conversation)
        .query(Long.class)
        .single();
  }

  @Test
  void redeliveredReplyIsStoredOnce() {
    long conversation = conversationOwnedBy(1);
    long message = inbound(conversation);

    assertThat(persist(reply(1, conversation, message))).isEqualTo(ReplyOutcome.STORED);
    assertThat(persist(reply(1, conversation, message))).isEqualTo(ReplyOutcome.DUPLICATE);
    assertThat(aiMessages(conversation)).isEqualTo(1);
  }

  @Test
  void aStoredReplyMovesTheConversationsActivity() {
    long conversation = conversationOwnedBy(1);
    long message = inbound(conversation);
    Instant before = conversations.get(1, conversation).updatedAt();

    persist(reply(1, conversation, message));

    Conversation after = conversations.get(1, conversation);
    assertThat(after.lastMessageAt()).isNotNull().isAfter(before);
    assertThat(after.updatedAt()).isEqualTo(after.lastMessageAt());
  }

  @Test
  void lateReplyToAHumanOwnedConversationIsDropped() {
    long conversation = conversationOwnedBy(2);
    long message = inbound(conversation);

    assertThat(persist(reply(1, conversation, message)))
        .isEqualTo(ReplyOutcome.DROPPED_HUMAN_OWNER);
    assertThat(aiMessages(conversation)).isZero();
  }

  @Test
  void replyClaimingAnotherCompanyIsDropped() {
    long conversation = conversationOwnedBy(1);
    long message = inbound(conversation);

    assertThat(persist(reply(2, conversation, message)))
        .isEqualTo(ReplyOutcome.DROPPED_UNKNOWN_CONVERSATION);
    assertThat(aiMessages(conversation)).isZero();
  }

  /** A contact's message in Globex's (company 2) conversation 2 of the demo data; its id. */
  long globexQuestion() {
    return transaction.execute(
        tx -> {
          String providerId = java.util.UUID.randomUUID().toString();
          jdbc.sql(
                  """
                  INSERT INTO messages
                         (company_id, conversation_id, sender, content, channel_id,
                          channel_message_id)
                  VALUES (2, 2, 'contact', 'a question of Globex', 2, ?)
                  """)
              .param(providerId)
              .update();
          return jdbc.sql("SELECT id FROM messages WHERE channel_message_id = ?")
              .param(providerId)
              .query(Long.class)
              .single();
        });
  }

  long repliesTo(long question) {
    return jdbc.sql("SELECT COUNT(*) FROM messages WHERE in_reply_to = ?")
        .param(question)
        .query(Long.class)
        .single();
  }

  @Test
  void aReplyNamingAnotherTenantsConversationThanItsQuestionsIsStoredNowhere() {
    long acmeConversation = conversationOwnedBy(1);
    long acmeQuestion = inbound(acmeConversation);
    long globexQuestion = globexQuestion();

    // Acme's conversation, Acme's company, but the question is Globex's.
    assertThat(persist(reply(1, acmeConversation, globexQuestion)))
        .isEqualTo(ReplyOutcome.DROPPED_MISMATCHED_QUESTION);
    // Acme's question, but another of Acme's conversations.
    long otherAcmeConversation = conversationOwnedBy(1);
    assertThat(persist(reply(1, otherAcmeConversation, acmeQuestion)))
        .isEqualTo(ReplyOutcome.DROPPED_MISMATCHED_QUESTION);

    assertThat(aiMessages(acmeConversation)).isZero();
    assertThat(aiMessages(otherAcmeConversation)).isZero();
    assertThat(repliesTo(globexQuestion)).isZero();
    assertThat(repliesTo(acmeQuestion)).isZero();
    // The right one still is.
    assertThat(persist(reply(1, acmeConversation, acmeQuestion))).isEqualTo(ReplyOutcome.STORED);
    assertThat(aiMessages(acmeConversation)).isEqualTo(1);
  }

  static HandoffRequested handoff(long company, long conversation, long inReplyTo) {
    return TestEvent.about(conversation)
        .company(company)
        .message(inReplyTo)
        .text("asked for a person")
        .handoffRequested();
  }

  @Test
  void aHandoffGivesTheConversationToTheFirstAgentAndSilencesTheAiAfterIt() {
    long conversation = conversationOwnedBy(1);
    long question = inbound(conversation);
    long later = inbound(conversation);

    List<ReplyOutcome> outcomes =
        aiReplies.store(
            List.of(
                reply(1, conversation, question),
                handoff(1, conversation, question),
                reply(1, conversation, later)),
            Map.of());

    assertThat(outcomes)
        .containsExactly(
            ReplyOutcome.STORED, ReplyOutcome.HANDED_OFF, ReplyOutcome.DROPPED_HUMAN_OWNER);
    // Alice Agent is Acme's first agent in the demo data.
    assertThat(conversations.get(1, conversation).ownerId()).isEqualTo(2);
    assertThat(aiMessages(conversation)).isEqualTo(1);
  }

  /**
   * A reply and a hand-off of one conversation in one batch: agents' streams get the reply and then
   * the conversation as the batch leaves it, once, not once per write.
   */
  @Test
  void aBatchAnnouncesTheReplyThenTheConversationOnce() {
    long conversation = conversationOwnedBy(1);
    long question = inbound(conversation);

    aiReplies.store(
        List.of(reply(1, conversation, question), handoff(1, conversation, question)), Map.of());

    List<ConversationChanged> announced =
        jdbc
            .sql("SELECT payload FROM outbox WHERE topic = ? AND correlation_id = ? ORDER BY id")
            .params(Topics.CONVERSATION_EVENTS, "conversation-" + conversation)
            .query(String.class)
            .list()
            .stream()
            .map(payload -> events.read(payload.getBytes(UTF_8), ConversationChanged.class))
            .toList();
    assertThat(announced).hasSize(1);
    assertThat(announced.get(0).changes())
        .extracting(ConversationChanged.Change::type)
        .containsExactly(
            ConversationChanged.MESSAGE_CREATED, ConversationChanged.CONVERSATION_UPDATED);
    assertThat(announced.get(0).changes().get(1).data()).containsEntry("owner_type", "human");
  }

  @Test
  void aHandoffOnAConversationAHumanAlreadyOwnsChangesNothing() {
    long conversation = conversationOwnedBy(2);
    long question = inbound(conversation);

    assertThat(aiReplies.store(List.of(handoff(1, conversation, question)), Map.of()))
        .containsExactly(ReplyOutcome.DROPPED_HUMAN_OWNER);
    assertThat(conversations.get(1, conversation).ownerId()).isEqualTo(2);
  }

  @Test
  void aHandoffNamingAnotherCompanyIsDropped() {
    long conversation = conversationOwnedBy(1);
    long question = inbound(conversation);

    assertThat(aiReplies.store(List.of(handoff(2, conversation, question)), Map.of()))
        .containsExactly(ReplyOutcome.DROPPED_UNKNOWN_CONVERSATION);
    assertThat(conversations.get(1, conversation).ownerId()).isEqualTo(1);
  }
}
