package com.omnichannel.simulator.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.omnichannel.simulator.SimulatorApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator against a stand-in for the API's status webhook. Every test uses message ids of its
 * own, so that the status posts of one never count for another.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=" + SimulatorApplication.CONFIG_NAME,
      "SIMULATOR_STATUS_DELAY=100ms",
      "SIMULATOR_CHANNEL_SECRETS=2=globex-webhook-secret",
      "simulator.status-retry.attempts=3",
      "simulator.status-retry.initial-interval=50ms"
    })
class ProviderSimulatorTest {

  static final String SECRET = "globex-webhook-secret";
  static final long SIGNED_CHANNEL = 2;
  static final long UNSIGNED_CHANNEL = 1;
  static final AtomicLong MESSAGE_IDS = new AtomicLong(1000);

  static final WireMockServer api = new WireMockServer(options().dynamicPort());

  static {
    api.start();
  }

  @DynamicPropertySource
  static void apiUrl(DynamicPropertyRegistry registry) {
    registry.add("OMNI_API_URL", api::baseUrl);
  }

  @AfterAll
  static void stopApi() {
    api.stop();
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void apiAcceptsStatuses() {
    api.stubFor(post(urlEqualTo("/webhooks/status")).atPriority(10).willReturn(ok()));
  }

  @Test
  void signedDeliveryIsAcceptedThenReportedDeliveredAndRead() throws Exception {
    long messageId = MESSAGE_IDS.incrementAndGet();
    byte[] body = delivery(messageId, SIGNED_CHANNEL);

    HttpResponse<String> response = send(body, Signature.of(SECRET, body), "msg-" + messageId);

    assertThat(response.statusCode()).isEqualTo(200);
    String id = json.readTree(response.body()).get("id").asString();
    assertThat(id).startsWith("sim-");
    await().atMost(Duration.ofSeconds(10)).until(() -> statusPosts(messageId).size() == 2);
    List<LoggedRequest> posts = statusPosts(messageId);
    assertThat(posts)
        .extracting(post -> json.readTree(post.getBodyAsString()).get("status").asString())
        .containsExactly("delivered", "read");
    for (LoggedRequest post : posts) {
      JsonNode status = json.readTree(post.getBodyAsString());
      assertThat(status.get("company_id").asLong()).isEqualTo(2);
      assertThat(status.get("channel_id").asLong()).isEqualTo(SIGNED_CHANNEL);
      assertThat(status.get("message_id").asLong()).isEqualTo(messageId);
      assertThat(status.get("provider_message_id").asString()).isEqualTo(id);
      assertThat(post.getHeader(Signature.HEADER)).isEqualTo(Signature.of(SECRET, post.getBody()));
      assertThat(post.getHeader(DeliveryController.CORRELATION_HEADER))
          .isEqualTo("corr-" + messageId);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(listed(messageId))
                    .containsEntry("provider", "generic")
                    .containsEntry("provider_message_id", id)
                    .containsEntry("signature", "valid")
                    .containsEntry("statuses_posted", List.of("delivered", "read")));
  }

  @Test
  void wrongOrMissingSignatureIsRefusedAndReportsNothing() throws Exception {
    long wrong = MESSAGE_IDS.incrementAndGet();
    long missing = MESSAGE_IDS.incrementAndGet();
    byte[] wrongBody = delivery(wrong, SIGNED_CHANNEL);
    byte[] missingBody = delivery(missing, SIGNED_CHANNEL);

    HttpResponse<String> wronglySigned =
        send(wrongBody, Signature.of("not-the-secret", wrongBody), "msg-" + wrong);
    HttpResponse<String> unsigned = send(missingBody, null, "msg-" + missing);

    assertThat(wronglySigned.statusCode()).isEqualTo(401);
    assertThat(wronglySigned.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(json.readTree(wronglySigned.body()).get("detail").asString())
        .contains("does not match");
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(json.readTree(unsigned.body()).get("detail").asString()).contains("requires");
    // A delivery sent after them is reported; by then theirs would have been too.
    long control = MESSAGE_IDS.incrementAndGet();
    byte[] controlBody = delivery(control, UNSIGNED_CHANNEL);
    assertThat(send(controlBody, null, "msg-" + control).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> statusPosts(control).size() == 2);
    assertThat(statusPosts(wrong)).isEmpty();
    assertThat(statusPosts(missing)).isEmpty();
    assertThat(listedIds()).doesNotContain(wrong, missing);
  }

  @Test
  void repeatedIdempotencyKeyGetsTheSameIdAndOneDeliveredReadPair() throws Exception {
    long messageId = MESSAGE_IDS.incrementAndGet();
    byte[] body = delivery(messageId, SIGNED_CHANNEL);
    String signature = Signature.of(SECRET, body);

    HttpResponse<String> first = send(body, signature, "msg-" + messageId);
    HttpResponse<String> repeat = send(body, signature, "msg-" + messageId);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(repeat.statusCode()).isEqualTo(200);
    assertThat(json.readTree(repeat.body()).get("id").asString())
        .isEqualTo(json.readTree(first.body()).get("id").asString());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(listed(messageId))
                    .containsEntry("statuses_posted", List.of("delivered", "read")));
    // Both statuses of the first are in; a second pair would have followed within the same delays.
    long control = MESSAGE_IDS.incrementAndGet();
    assertThat(send(delivery(control, UNSIGNED_CHANNEL), null, "msg-" + control).statusCode())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> statusPosts(control).size() == 2);
    assertThat(statusPosts(messageId)).hasSize(2);
    assertThat(listedIds()).containsOnlyOnce(messageId);
  }

  @Test
  void unsignedDeliveryOnAChannelWithoutSecretIsAccepted() throws Exception {
    long messageId = MESSAGE_IDS.incrementAndGet();

    HttpResponse<String> response =
        send(delivery(messageId, UNSIGNED_CHANNEL), null, "msg-" + messageId);

    assertThat(response.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> statusPosts(messageId).size() == 2);
    assertThat(statusPosts(messageId))
        .allSatisfy(post -> assertThat(post.containsHeader(Signature.HEADER)).isFalse());
    assertThat(listed(messageId)).containsEntry("signature", "none");
  }

  @Test
  void deliveryWithoutIdempotencyKeyIsABadRequest() throws Exception {
    long messageId = MESSAGE_IDS.incrementAndGet();

    HttpResponse<String> response = send(delivery(messageId, UNSIGNED_CHANNEL), null, null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json.readTree(response.body()).get("detail").asString()).contains("Idempotency-Key");
    assertThat(listedIds()).doesNotContain(messageId);
  }

  @Test
  void statusPostAnswered503IsRetried() throws Exception {
    long messageId = MESSAGE_IDS.incrementAndGet();
    api.stubFor(
        post(urlEqualTo("/webhooks/status"))
            .withRequestBody(matchingJsonPath("$.message_id", equalTo(String.valueOf(messageId))))
            .inScenario("api-restarting-" + messageId)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    api.stubFor(
        post(urlEqualTo("/webhooks/status"))
            .withRequestBody(matchingJsonPath("$.message_id", equalTo(String.valueOf(messageId))))
            .inScenario("api-restarting-" + messageId)
            .whenScenarioStateIs("up")
            .willReturn(ok()));

    send(delivery(messageId, UNSIGNED_CHANNEL), null, "msg-" + messageId);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(listed(messageId))
                    .containsEntry("statuses_posted", List.of("delivered", "read")));
    assertThat(statusPosts(messageId))
        .extracting(post -> json.readTree(post.getBodyAsString()).get("status").asString())
        .containsExactly("delivered", "delivered", "read");
  }

  @Test
  void statusPostThatKeepsFailingIsGivenUpAfterTheAttempts() throws Exception {
    long messageId = MESSAGE_IDS.incrementAndGet();
    api.stubFor(
        post(urlEqualTo("/webhooks/status"))
            .withRequestBody(matchingJsonPath("$.message_id", equalTo(String.valueOf(messageId))))
            .willReturn(aResponse().withStatus(503)));

    send(delivery(messageId, UNSIGNED_CHANNEL), null, "msg-" + messageId);

    // 'read' is tried once 'delivered' has been given up; three attempts each.
    await().atMost(Duration.ofSeconds(10)).until(() -> statusPosts(messageId).size() == 6);
    assertThat(statusPosts(messageId))
        .extracting(post -> json.readTree(post.getBodyAsString()).get("status").asString())
        .containsExactly("delivered", "delivered", "delivered", "read", "read", "read");
    assertThat(listed(messageId)).containsEntry("statuses_posted", List.of());
  }

  @Test
  void statusRefusedWith4xxIsNotRetried() throws Exception {
    long messageId = MESSAGE_IDS.incrementAndGet();
    api.stubFor(
        post(urlEqualTo("/webhooks/status"))
            .withRequestBody(matchingJsonPath("$.message_id", equalTo(String.valueOf(messageId))))
            .willReturn(aResponse().withStatus(404)));

    send(delivery(messageId, UNSIGNED_CHANNEL), null, "msg-" + messageId);

    // 'read' follows only once 'delivered' is settled, so its arrival shows no retry is pending.
    await().atMost(Duration.ofSeconds(10)).until(() -> statusPosts(messageId).size() >= 2);
    assertThat(statusPosts(messageId))
        .extracting(post -> json.readTree(post.getBodyAsString()).get("status").asString())
        .containsExactly("delivered", "read");
  }

  private byte[] delivery(long messageId, long channelId) {
    return json.writeValueAsBytes(
        Map.of(
            "message_id",
            messageId,
            "conversation_id",
            7,
            "company_id",
            channelId,
            "channel_id",
            channelId,
            "to",
            "+15550001122",
            "sender",
            "Acme AI",
            "text",
            "Hi! How can I help?",
            "created_at",
            "2026-01-01T10:00:00Z"));
  }

  private HttpResponse<String> send(byte[] body, String signature, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header(Signature.HEADER, signature);
    }
    if (idempotencyKey != null) {
      request
          .header(DeliveryController.IDEMPOTENCY_HEADER, idempotencyKey)
          .header(
              DeliveryController.CORRELATION_HEADER,
              "corr-" + idempotencyKey.substring("msg-".length()));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private List<LoggedRequest> statusPosts(long messageId) {
    return api.findAll(
        postRequestedFor(urlEqualTo("/webhooks/status"))
            .withRequestBody(matchingJsonPath("$.message_id", equalTo(String.valueOf(messageId)))));
  }

  private List<Map<String, Object>> listing() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages")).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> listing = json.readValue(response.body(), List.class);
    return listing;
  }

  private Map<String, Object> listed(long messageId) throws Exception {
    return listing().stream()
        .filter(entry -> ((Number) entry.get("message_id")).longValue() == messageId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("message " + messageId + " is not listed"));
  }

  private List<Long> listedIds() throws Exception {
    return listing().stream().map(entry -> ((Number) entry.get("message_id")).longValue()).toList();
  }
}
