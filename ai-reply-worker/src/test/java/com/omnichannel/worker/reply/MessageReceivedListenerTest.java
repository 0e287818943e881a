package com.omnichannel.worker.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.contracts.Topics;
import com.omnichannel.testing.ImportTestInfrastructure;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.testing.TopicRecords;
import com.omnichannel.worker.WorkerApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/** The worker alone against a real broker: it answers AI-owned conversations only. */
@SpringBootTest(properties = "spring.config.name=" + WorkerApplication.CONFIG_NAME)
@ImportTestInfrastructure
// Another worker test runs a worker of its own on the same topics; only one may run at a time.
@DirtiesContext
class MessageReceivedListenerTest {

  @Autowired KafkaTemplate<String, byte[]> kafka;
  @Autowired JsonMapper json;
  @Autowired ApplicationContext context;

  @Test
  void theWorkerHasNoDatabase() {
    assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
  }

  @Test
  void answersAiOwnedMessagesAndSkipsHumanOwnedOnes() throws Exception {
    long aiOwned = 900_000_000L + System.nanoTime() % 1_000_000;
    long humanOwned = aiOwned + 1;
    send(event(aiOwned, true, "Is the shop open?"));
    send(event(humanOwned, false, "Human here"));
    // A later AI-owned event on the human-owned key proves the skipped one was consumed.
    send(event(humanOwned, true, "marker"));

    List<String> replies =
        repliesFor(List.of(Long.toString(aiOwned), Long.toString(humanOwned)), 2);

    assertThat(replies).hasSize(2);
    assertThat(replies)
        .anySatisfy(r -> assertThat(r).contains("Is the shop open?", "\"in_reply_to\":" + aiOwned));
    assertThat(replies).anySatisfy(r -> assertThat(r).contains("marker"));
    assertThat(replies).noneMatch(r -> r.contains("Human here"));
  }

  static MessageReceived event(long conversationId, boolean aiOwned, String text) {
    return TestEvent.about(conversationId)
        .message(conversationId)
        .aiOwned(aiOwned)
        .text(text)
        .messageReceived();
  }

  void send(MessageReceived event) throws Exception {
    kafka
        .send(
            new ProducerRecord<>(
                Topics.MESSAGE_RECEIVED,
                Long.toString(event.conversationId()),
                json.writeValueAsBytes(event)))
        .get();
  }

  List<String> repliesFor(List<String> keys, int expected) {
    return TopicRecords.await(
            Topics.AI_REPLY, r -> keys.contains(r.key()), expected, Duration.ofSeconds(30))
        .stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }
}
