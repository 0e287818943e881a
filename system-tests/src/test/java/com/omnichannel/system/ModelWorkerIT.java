package com.omnichannel.system;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.omnichannel.testing.ChatCompletions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole flow with {@code AI_MODEL=openai}: the worker asks a stub chat-completions server, the
 * answer reaches the conversation, and a hand-off moves it to a human, after which the AI stays
 * silent. The stack's mock worker steps aside for the duration: the model worker takes over its
 * partitions in the same consumer group, as a redeployed worker would.
 */
class ModelWorkerIT {

  static final String PATH = "/v1/chat/completions";
  static final JsonMapper JSON = JsonMapper.builder().build();

  static Stack stack;
  static WireMockServer model;
  static ConfigurableApplicationContext modelWorker;
  static MessageListenerContainer mockWorker;

  @BeforeAll
  static void replaceTheMockWorker() {
    stack = Stack.get();
    model = new WireMockServer(options().dynamicPort());
    model.start();
    model.stubFor(
        post(urlEqualTo(PATH))
            .atPriority(10)
            .willReturn(okJson(ChatCompletions.answer("Generic."))));
    mockWorker =
        stack
            .worker
            .getBean(KafkaListenerEndpointRegistry.class)
            .getListenerContainer("ai-reply-generator");
    mockWorker.stop();
    modelWorker =
        Stack.startWorker(
            Map.of(
                "omni.ai.model", "openai",
                "omni.ai.openai.base-url", model.baseUrl() + "/v1",
                "omni.ai.openai.model-name", "stub-model",
                "omni.ai.openai.timeout", "5s"));
  }

  @AfterAll
  static void restoreTheMockWorker() {
    stack.client.put("/companies/1/assistant", Map.of("instructions", ""));
    modelWorker.close();
    mockWorker.start();
    model.stop();
  }

  @Test
  void theModelAnswersFromTheConversationAndAHandoffSilencesTheAi() {
    String tag = UUID.randomUUID().toString();
    String question = "Do you ship to Mars? " + tag;
    String wantsHuman = "Let me talk to a person " + tag;
    String afterwards = "Hello? " + tag;
    model.stubFor(
        post(urlEqualTo(PATH))
            .withRequestBody(containing(question))
            .willReturn(okJson(ChatCompletions.answer("We ship everywhere but Mars."))));
    model.stubFor(
        post(urlEqualTo(PATH))
            .withRequestBody(containing(wantsHuman))
            .willReturn(
                okJson(
                    ChatCompletions.handoff(
                        "Connecting you with a colleague.", "asked for a person"))));
    assertThat(
            stack
                .client
                .put("/companies/1/assistant", Map.of("instructions", "Sign as Acme."))
                .status())
        .isEqualTo(200);
    String phone = EventFlowIT.newPhone();

    long conversation =
        stack
            .client
            .webhook(
                EventFlowIT.ACME,
                EventFlowIT.ACME_WHATSAPP,
                phone,
                question,
                EventFlowIT.providerId())
            .body()
            .get("id")
            .asLong();
    await().atMost(Duration.ofSeconds(30)).until(() -> aiTexts(conversation).size() == 1);
    assertThat(aiTexts(conversation)).containsExactly("We ship everywhere but Mars.");

    stack.client.webhook(
        EventFlowIT.ACME, EventFlowIT.ACME_WHATSAPP, phone, wantsHuman, EventFlowIT.providerId());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                stack.client.get("/conversations/" + conversation).body().get("owner_id").asLong()
                    == EventFlowIT.ALICE_AGENT);
    assertThat(aiTexts(conversation))
        .containsExactly("We ship everywhere but Mars.", "Connecting you with a colleague.");

    // The model saw the instructions first, then the conversation so far, in order.
    LoggedRequest second = onlyRequestContaining(wantsHuman);
    List<JsonNode> messages =
        JSON.readTree(second.getBodyAsString()).get("messages").valueStream().toList();
    assertThat(messages.get(0).get("role").asString()).isEqualTo("system");
    assertThat(messages.get(0).get("content").asString()).contains("Acme Corp", "Sign as Acme.");
    assertThat(messages.subList(1, messages.size()))
        .extracting(m -> m.get("role").asString() + ": " + m.get("content").asString())
        .containsExactly(
            "user: " + question, "assistant: We ship everywhere but Mars.", "user: " + wantsHuman);

    double skippedBefore = counter("omni.worker.skipped_human_owned");
    stack.client.webhook(
        EventFlowIT.ACME, EventFlowIT.ACME_WHATSAPP, phone, afterwards, EventFlowIT.providerId());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> counter("omni.worker.skipped_human_owned") > skippedBefore);
    assertThat(
            model.findAll(
                postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing(afterwards))))
        .isEmpty();
    assertThat(aiTexts(conversation)).hasSize(2);
  }

  private static LoggedRequest onlyRequestContaining(String text) {
    List<LoggedRequest> found =
        model.findAll(postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing(text)));
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<String> aiTexts(long conversation) {
    return EventFlowIT.aiReplies(conversation).stream()
        .map(m -> m.get("content").asString())
        .toList();
  }

  private static double counter(String name) {
    var counter = modelWorker.getBean(MeterRegistry.class).find(name).counter();
    return counter == null ? 0 : counter.count();
  }
}
