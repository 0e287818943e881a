package com.omnichannel.worker.reply;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.Topics;
import com.omnichannel.testing.ChatCompletions;
import com.omnichannel.testing.ImportTestInfrastructure;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.testing.TopicRecords;
import com.omnichannel.worker.WorkerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker with {@code AI_MODEL=openai} against a real broker and a stub chat-completions server:
 * what the model answers, and what happens when it does not, ends up on the reply topic.
 */
@SpringBootTest(
    properties = {
      "spring.config.name=" + WorkerApplication.CONFIG_NAME,
      "spring.kafka.consumer.group-id=ai-reply-worker-model-test",
      "omni.ai.model=openai",
      "omni.ai.openai.model-name=stub-model",
      "omni.ai.openai.api-key=" + ModelRepliesTest.API_KEY,
      "omni.ai.openai.timeout=2s",
      "omni.ai.fallback-reply=" + ModelRepliesTest.FALLBACK,
      "omni.kafka.retry.attempts=1",
      "omni.kafka.retry.initial-interval=50ms"
    })
@ImportTestInfrastructure
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ModelRepliesTest {

  static final String API_KEY = "sk-never-logged-4711";
  static final String FALLBACK = "Sorry, we will get back to you.";
  static final String PATH = "/v1/chat/completions";
  static final WireMockServer model = new WireMockServer(options().dynamicPort());

  static {
    model.start();
    // Inbound events of other tests on the same broker get an answer without retries.
    model.stubFor(
        post(urlEqualTo(PATH))
            .atPriority(10)
            .willReturn(okJson(ChatCompletions.answer("Generic."))));
  }

  @DynamicPropertySource
  static void modelUrl(DynamicPropertyRegistry registry) {
    registry.add("omni.ai.openai.base-url", () -> model.baseUrl() + "/v1");
  }

  @AfterAll
  static void stopModel() {
    model.stop();
  }

  @Autowired KafkaTemplate<String, byte[]> kafka;
  @Autowired JsonMapper json;
  @Autowired MeterRegistry meters;

  @Test
  void theModelsAnswerIsTheReplyAndAHandoffFollowsItsReply() throws Exception {
    String question = "order status " + UUID.randomUUID();
    String wantsHuman = "a person please " + UUID.randomUUID();
    model.stubFor(
        post(urlEqualTo(PATH))
            .withRequestBody(containing(question))
            .willReturn(okJson(ChatCompletions.answer("Your order ships today."))));
    model.stubFor(
        post(urlEqualTo(PATH))
            .withRequestBody(containing(wantsHuman))
            .willReturn(
                okJson(
                    ChatCompletions.handoff(
                        "Connecting you with a colleague.", "asked for a person"))));
    long answered = send(question);
    long handedOff = send(wantsHuman);

    List<ConsumerRecord<String, byte[]>> plain = recordsFor(answered, 1);
    List<ConsumerRecord<String, byte[]>> withHandoff = recordsFor(handedOff, 2);

    assertThat(type(plain.get(0))).isEqualTo("AiReplyGenerated");
    assertThat(value(plain.get(0))).contains("\"text\":\"Your order ships today.\"");
    assertThat(withHandoff)
        .extracting(ModelRepliesTest::type)
        .containsExactly("AiReplyGenerated", "HandoffRequested");
    assertThat(value(withHandoff.get(0))).contains("Connecting you with a colleague.");
    assertThat(value(withHandoff.get(1)))
        .contains("\"reason\":\"asked for a person\"", "\"in_reply_to\":" + handedOff);
  }

  @Test
  void aModelThatFailsOnceIsAskedAgainThroughTheRetry() throws Exception {
    String question = "flaky " + UUID.randomUUID();
    model.stubFor(
        post(urlEqualTo(PATH))
            .withRequestBody(containing(question))
            .inScenario(question)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("recovered"));
    model.stubFor(
        post(urlEqualTo(PATH))
            .withRequestBody(containing(question))
            .inScenario(question)
            .whenScenarioStateIs("recovered")
            .willReturn(okJson(ChatCompletions.answer("Second time lucky."))));
    long conversation = send(question);

    List<ConsumerRecord<String, byte[]>> replies = recordsFor(conversation, 1);

    assertThat(value(replies.get(0))).contains("Second time lucky.");
    assertThat(
            model.findAll(postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing(question))))
        .hasSize(2);
  }

  @Test
  void aModelThatKeepsFailingGetsTheFallbackReplyAndTheKeyIsNeverLogged(CapturedOutput output)
      throws Exception {
    String broken = "broken " + UUID.randomUUID();
    String malformed = "malformed " + UUID.randomUUID();
    model.stubFor(
        post(urlEqualTo(PATH))
            .withRequestBody(containing(broken))
            .willReturn(aResponse().withStatus(503).withBody("overloaded")));
    model.stubFor(
        post(urlEqualTo(PATH))
            .withRequestBody(containing(malformed))
            .willReturn(okJson("{\"choices\": [{\"message\": ")));
    double fallbacksBefore = meters.counter("omni.worker.fallback_replies").count();
    long first = send(broken);
    // The second only once the first is answered: in one poll, the batch's retries after the
    // malformed answer would ask the model about the broken one again, and the count below is of
    // one message's own call and retry.
    assertThat(value(recordsFor(first, 1).get(0))).contains("\"text\":\"" + FALLBACK + "\"");
    long second = send(malformed);

    assertThat(value(recordsFor(second, 1).get(0))).contains("\"text\":\"" + FALLBACK + "\"");
    assertThat(meters.counter("omni.worker.fallback_replies").count() - fallbacksBefore)
        .isEqualTo(2);
    // Each was asked twice: the call and the one retry.
    assertThat(
            model.findAll(postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing(broken))))
        .hasSize(2);
    assertThat(output.getAll()).contains("HTTP 503").doesNotContain(API_KEY);
  }

  private long send(String text) throws Exception {
    long conversation =
        800_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000);
    var event =
        TestEvent.about(conversation)
            .message(conversation)
            .text(text)
            .context("Acme Corp", null, List.of())
            .messageReceived();
    kafka
        .send(
            new ProducerRecord<>(
                Topics.MESSAGE_RECEIVED,
                Long.toString(conversation),
                json.writeValueAsBytes(event)))
        .get();
    return conversation;
  }

  private static List<ConsumerRecord<String, byte[]>> recordsFor(long conversation, int expected) {
    return TopicRecords.await(
        Topics.AI_REPLY,
        r -> r.key().equals(Long.toString(conversation)),
        expected,
        Duration.ofSeconds(30));
  }

  private static String type(ConsumerRecord<String, byte[]> record) {
    return new String(
        record.headers().lastHeader(EventHeaders.EVENT_TYPE).value(), StandardCharsets.UTF_8);
  }

  private static String value(ConsumerRecord<String, byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }
}
