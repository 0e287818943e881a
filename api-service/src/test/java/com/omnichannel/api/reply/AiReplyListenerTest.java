package com.omnichannel.api.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.HandoffRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.testing.TestEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

/** A failing reply in a batch is named by its own index; the replies before it are stored. */
@ApiIntegrationTest
class AiReplyListenerTest {

  @Autowired AiReplyListener listener;
  @Autowired EventJson json;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  @Test
  void aReplyThatCannotBeStoredInTheMiddleOfABatchIsReportedByItsOwnIndex() {
    var fixtures = new TestConversations(jdbc, transaction);
    long conversation = fixtures.ownedBy(1).conversationId();
    long firstQuestion = fixtures.inboundMessage(conversation);
    long lastQuestion = fixtures.inboundMessage(conversation);
    // Readable, but refused by the database: it answers a message that does not exist.
    var unstorable = record(conversation, Long.MAX_VALUE - 1);

    var failure =
        catchThrowableOfType(
            BatchListenerFailedException.class,
            () ->
                listener.onReplies(
                    List.of(
                        record(conversation, firstQuestion),
                        unstorable,
                        record(conversation, lastQuestion))));

    assertThat(failure.getIndex()).isEqualTo(1);
    assertThat(answered(firstQuestion)).isTrue();
    assertThat(answered(lastQuestion)).isFalse();

    // The error handler redelivers from the failing record; once it is dead-lettered, the rest.
    listener.onReplies(List.of(record(conversation, lastQuestion)));
    assertThat(answered(lastQuestion)).isTrue();
  }

  private boolean answered(long question) {
    return jdbc.sql("SELECT COUNT(*) FROM messages WHERE in_reply_to = ?")
            .param(question)
            .query(Long.class)
            .single()
        == 1;
  }

  private ConsumerRecord<String, byte[]> record(long conversation, long inReplyTo) {
    AiReplyGenerated reply =
        TestEvent.about(conversation)
            .message(inReplyTo)
            .text("answer to " + inReplyTo)
            .aiReplyGenerated();
    return new ConsumerRecord<>(
        Topics.AI_REPLY,
        0,
        0,
        Long.toString(conversation),
        json.write(reply).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRecordTypedHandoffRequestedHandsTheConversationToAnAgent() {
    var fixtures = new TestConversations(jdbc, transaction);
    long conversation = fixtures.ownedBy(1).conversationId();
    long question = fixtures.inboundMessage(conversation);
    HandoffRequested handoff =
        TestEvent.about(conversation).message(question).text("wants a person").handoffRequested();
    var record =
        new ConsumerRecord<>(
            Topics.AI_REPLY,
            0,
            0,
            Long.toString(conversation),
            json.write(handoff).getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add(EventHeaders.EVENT_TYPE, HandoffRequested.TYPE.getBytes(StandardCharsets.UTF_8));

    listener.onReplies(List.of(record(conversation, question), record));

    assertThat(answered(question)).isTrue();
    assertThat(
            jdbc.sql("SELECT owner_id FROM conversations WHERE id = ?")
                .param(conversation)
                .query(Long.class)
                .single())
        .isEqualTo(2L);
  }
}
