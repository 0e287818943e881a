package com.omnichannel.api.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import com.omnichannel.contracts.AiReplyGenerated;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Replies are stored once, only while the AI owns the conversation, only within its company. */
@ApiIntegrationTest
class ReplyPersisterTest {

  @Autowired ReplyPersister persister;
  @Autowired JdbcClient jdbc;
  // The pool's connections are not in autocommit mode: fixtures commit like the application does.
  @Autowired TransactionTemplate transaction;

  long conversationOwnedBy(long ownerId) {
    return new TestConversations(jdbc, transaction).ownedBy(ownerId).conversationId();
  }

  long inbound(long conversation) {
    return transaction.execute(tx -> insertInbound(conversation));
  }

  private long insertInbound(long conversation) {
    String providerId = UUID.randomUUID().toString();
    jdbc.sql(
            """
            INSERT INTO messages (company_id, conversation_id, sender, content, channel_id, channel_message_id)
            VALUES (1, ?, 'contact', 'question', 1, ?)
            """)
        .params(conversation, providerId)
        .update();
    return jdbc.sql("SELECT id FROM messages WHERE channel_message_id = ?")
        .param(providerId)
        .query(Long.class)
        .single();
  }

  static AiReplyGenerated reply(long company, long conversation, long inReplyTo) {
    return new AiReplyGenerated(
        UUID.randomUUID(),
        AiReplyGenerated.TYPE,
        1,
        Instant.now(),
        company,
        conversation,
        inReplyTo,
        1,
        "answer");
  }

  ReplyPersister.Outcome persist(AiReplyGenerated reply) {
    return persister.persistAll(List.of(reply)).get(0);
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

    assertThat(persist(reply(1, conversation, message))).isEqualTo(ReplyPersister.Outcome.STORED);
    assertThat(persist(reply(1, conversation, message)))
        .isEqualTo(ReplyPersister.Outcome.DUPLICATE);
    assertThat(aiMessages(conversation)).isEqualTo(1);
  }

  @Test
  void lateReplyToAHumanOwnedConversationIsDropped() {
    long conversation = conversationOwnedBy(2);
    long message = inbound(conversation);

    assertThat(persist(reply(1, conversation, message)))
        .isEqualTo(ReplyPersister.Outcome.DROPPED_HUMAN_OWNER);
    assertThat(aiMessages(conversation)).isZero();
  }

  @Test
  void replyClaimingAnotherCompanyIsDropped() {
    long conversation = conversationOwnedBy(1);
    long message = inbound(conversation);

    assertThat(persist(reply(2, conversation, message)))
        .isEqualTo(ReplyPersister.Outcome.DROPPED_UNKNOWN_CONVERSATION);
    assertThat(aiMessages(conversation)).isZero();
  }
}
