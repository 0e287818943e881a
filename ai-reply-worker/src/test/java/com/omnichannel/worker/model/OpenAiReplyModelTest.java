package com.omnichannel.worker.model;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.omnichannel.contracts.ConversationTurn;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.testing.ChatCompletions;
import com.omnichannel.testing.TestEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAI-compatible model against a stub chat-completions server. */
class OpenAiReplyModelTest {

  static final String PATH = "/v1/chat/completions";
  static final JsonMapper JSON = JsonMapper.builder().build();

  static WireMockServer server;
  OpenAiReplyModel model;

  @BeforeAll
  static void startServer() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void newModel() {
    server.resetAll();
    model =
        new OpenAiReplyModel(
            new OpenAiProperties(
                server.baseUrl() + "/v1/", "sk-test-secret", "small-model", Duration.ofSeconds(1)),
            JSON);
  }

  static MessageReceived question() {
    return TestEvent.event()
        .text("Where is my order?")
        .context(
            "Acme Corp",
            "Always sign as Acme.",
            List.of(
                new ConversationTurn("contact", "Hello"),
                new ConversationTurn("ai", "Hi! How can I help?"),
                new ConversationTurn("agent", "Alice here.")))
        .messageReceived();
  }

  @Test
  void sendsInstructionsFirstThenTheConversationInOrder() throws Exception {
    server.stubFor(
        post(urlEqualTo(PATH)).willReturn(okJson(ChatCompletions.response("On its way.", null))));

    ModelAnswer answer = model.answer(question()).get();

    assertThat(answer).isEqualTo(ModelAnswer.reply("On its way."));
    LoggedRequest request = server.getAllServeEvents().get(0).getRequest();
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-test-secret");
    JsonNode body = JSON.readTree(request.getBodyAsString());
    assertThat(body.get("model").asString()).isEqualTo("small-model");
    List<String> roles =
        body.get("messages").valueStream().map(m -> m.get("role").asString()).toList();
    List<String> contents =
        body.get("messages").valueStream().map(m -> m.get("content").asString()).toList();
    assertThat(roles).containsExactly("system", "user", "assistant", "assistant", "user");
    assertThat(contents.get(0)).contains("Acme Corp", "Always sign as Acme.");
    assertThat(contents.subList(1, 5))
        .containsExactly("Hello", "Hi! How can I help?", "Alice here.", "Where is my order?");
    assertThat(body.at("/tools/0/function/name").asString())
        .isEqualTo(OpenAiReplyModel.HANDOFF_TOOL);
  }

  @Test
  void aHandoffToolCallAsksForAHumanWithTheModelsReason() throws Exception {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                okJson(
                    ChatCompletions.response(
                        "Let me get a colleague.", "{\"reason\": \"wants a refund\"}"))));

    ModelAnswer answer = model.answer(question()).get();

    assertThat(answer).isEqualTo(ModelAnswer.handoff("Let me get a colleague.", "wants a refund"));
  }

  @Test
  void aHandoffWithoutTextOrReadableArgumentsIsStillAHandoff() throws Exception {
    server.stubFor(
        post(urlEqualTo(PATH)).willReturn(okJson(ChatCompletions.response(null, "not json"))));

    ModelAnswer answer = model.answer(question()).get();

    assertThat(answer.handoff()).isTrue();
    assertThat(answer.hasText()).isFalse();
    assertThat(answer.handoffReason()).isNull();
  }

  @Test
  void aServerErrorMalformedJsonOrAnEmptyAnswerIsNoAnswer() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500).withBody("boom")));
    assertThat(failure())
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("HTTP 500");

    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"choices\": [")));
    assertThat(failure())
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("not JSON");

    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ChatCompletions.response("  ", null))));
    assertThat(failure())
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aModelSlowerThanTheTimeoutIsNoAnswer() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(okJson(ChatCompletions.response("late", null)).withFixedDelay(3_000)));
    long started = System.nanoTime();

    Throwable failure = failure();

    assertThat(failure).isInstanceOf(ModelUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void settingsNeverShowTheKey() {
    var settings = new OpenAiProperties("https://x/v1", "sk-live-123", "m", Duration.ofSeconds(1));

    assertThat(settings.toString()).doesNotContain("sk-live-123").contains("(set)");
  }

  private Throwable failure() {
    Throwable thrown = catchThrowable(() -> model.answer(question()).get());
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    return thrown.getCause();
  }
}
