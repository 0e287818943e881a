package com.omnichannel.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.omnichannel.api.company.Channel;
import com.omnichannel.testing.StubProvider;
import com.omnichannel.testing.TestWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replies leave the system: the API, the worker and channel-gateway (a process of its own) against
 * a provider stubbed by WireMock. Delivered signed with a stable idempotency key, retried on 5xx,
 * failed on 4xx, isolated from another channel's hanging endpoint, and sent once in the end when
 * the gateway is killed in the middle of retries.
 */
class OutboundDeliveryIT {

  static WireMockServer provider;
  static ServiceProcess gateway;
  static final JsonMapper json = JsonMapper.builder().build();

  final Stack stack = Stack.get();

  @BeforeAll
  static void startProviderAndGateway() {
    // The hanging endpoint's requests (and their retries) never starve the other tests' ones.
    provider = StubProvider.start();
    Stack.get();
    gateway = ServiceProcess.gateway(Map.of());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    gateway.close();
    provider.stop();
  }

  record ProviderChannel(long id, String secret, String path) {}

  /** A channel of Acme's that delivers to {@code path} on the stub provider. */
  ProviderChannel channelDeliveringTo(String path) {
    ApiClient.Response created =
        stack.client.post(
            "/companies/1/channels",
            Map.of(
                "name", "Provider " + path,
                "type", "whatsapp",
                "outbound_url", provider.baseUrl() + path));
    assertThat(created.status()).isEqualTo(201);
    return new ProviderChannel(
        created.body().get("id").asLong(), created.body().get("webhook_secret").asString(), path);
  }

  record Inbound(long conversationId, String phone, long millis) {}

  /** A customer's first message on the channel, signed as the provider signs it. */
  Inbound customerWrites(ProviderChannel channel, String text) {
    return customerWrites(channel, text, Map.of());
  }

  Inbound customerWrites(ProviderChannel channel, String text, Map<String, String> headers) {
    String phone = TestWebhook.newPhone();
    TestWebhook webhook =
        TestWebhook.inbound()
            .channel(channel.id())
            .from(phone)
            .text(text)
            .signedWith(channel.secret());
    Map<String, String> allHeaders = new java.util.HashMap<>(headers);
    allHeaders.putAll(webhook.headers());
    long started = System.nanoTime();
    ApiClient.Response response = stack.client.postRaw(webhook.path(), webhook.json(), allHeaders);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(response.status()).isEqualTo(201);
    return new Inbound(response.body().get("id").asLong(), phone, millis);
  }

  /** The AI's reply in the conversation, once it has the delivery status. */
  JsonNode aiReply(long conversationId, String status, Duration within) {
    return await("AI reply of conversation " + conversationId + " " + status)
        .atMost(within)
        .until(
            () ->
                stack.client.messages(conversationId).stream()
                    .filter(m -> m.get("sender").asString().equals("ai"))
                    .findFirst()
                    .orElse(null),
            m ->
                m != null
                    && m.has("delivery_status")
                    && m.get("delivery_status").asString().equals(status));
  }

  List<ServeEvent> requestsWithKey(long messageId) {
    return provider.getAllServeEvents().stream()
        .filter(e -> String.valueOf(messageId).equals(e.getRequest().getHeader("Idempotency-Key")))
        .toList();
  }

  static String path() {
    return "/messages-" + UUID.randomUUID();
  }

  @Test
  void anAiReplyReachesTheProviderSignedWithItsIdempotencyKey() {
    ProviderChannel channel = channelDeliveringTo(path());
    provider.stubFor(post(urlEqualTo(channel.path())).willReturn(okJson("{\"id\": \"wa-123\"}")));

    Inbound inbound = customerWrites(channel, "Where is my order?");

    JsonNode reply = aiReply(inbound.conversationId(), "sent", Duration.ofSeconds(30));
    assertThat(reply.get("provider_message_id").asString()).isEqualTo("wa-123");
    assertThat(reply.get("delivery_attempts").asInt()).isEqualTo(1);
    List<ServeEvent> requests = requestsWithKey(reply.get("id").asLong());
    assertThat(requests).hasSize(1);
    var request = requests.get(0).getRequest();
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    assertThat(request.getHeader(Channel.SIGNATURE_HEADER))
        .isEqualTo("sha256=" + Channel.hmacSha256Hex(channel.secret(), request.getBody()));
    assertThat(request.getHeader("X-Correlation-Id")).isNotBlank();
    JsonNode body = json.readTree(request.getBody());
    assertThat(body.get("message_id").asLong()).isEqualTo(reply.get("id").asLong());
    assertThat(body.get("conversation_id").asLong()).isEqualTo(inbound.conversationId());
    assertThat(body.get("company_id").asLong()).isEqualTo(1);
    assertThat(body.get("channel_id").asLong()).isEqualTo(channel.id());
    assertThat(body.get("to").asString()).isEqualTo(inbound.phone());
    assertThat(body.get("sender").asString()).isEqualTo("ai");
    assertThat(body.get("text").asString()).isEqualTo(reply.get("content").asString());
    assertThat(body.has("created_at")).isTrue();
  }

  @Test
  void aProviderErrorIsRetriedWithTheSameKeyUntilItSucceeds() {
    ProviderChannel channel = channelDeliveringTo(path());
    provider.stubFor(
        post(urlEqualTo(channel.path()))
            .inScenario(channel.path())
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1"))
            .willSetStateTo("recovered"));
    provider.stubFor(
        post(urlEqualTo(channel.path()))
            .inScenario(channel.path())
            .whenScenarioStateIs("recovered")
            .willReturn(okJson("{\"message_id\": \"wa-456\"}")));

    Inbound inbound = customerWrites(channel, "Hello?");

    JsonNode reply = aiReply(inbound.conversationId(), "sent", Duration.ofSeconds(30));
    assertThat(reply.get("delivery_attempts").asInt()).isEqualTo(2);
    assertThat(reply.get("provider_message_id").asString()).isEqualTo("wa-456");
    List<ServeEvent> requests = requestsWithKey(reply.get("id").asLong());
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).getRequest().getBody())
        .isEqualTo(requests.get(1).getRequest().getBody());
  }

  @Test
  void aRejectionFailsTheMessageAtOnce() {
    ProviderChannel channel = channelDeliveringTo(path());
    provider.stubFor(
        post(urlEqualTo(channel.path()))
            .willReturn(aResponse().withStatus(400).withBody("unknown recipient")));

    Inbound inbound = customerWrites(channel, "Hi");

    JsonNode reply = aiReply(inbound.conversationId(), "failed", Duration.ofSeconds(30));
    assertThat(reply.get("delivery_attempts").asInt()).isEqualTo(1);
    assertThat(reply.get("delivery_error").asString()).contains("400");
    assertThat(requestsWithKey(reply.get("id").asLong())).hasSize(1);
  }

  @Test
  void aHangingEndpointDelaysNeitherAnotherChannelNorTheWebhook() {
    ProviderChannel hanging = channelDeliveringTo(path());
    provider.stubFor(
        post(urlEqualTo(hanging.path()))
            .willReturn(okJson("{}").withFixedDelay((int) Duration.ofSeconds(30).toMillis())));
    ProviderChannel healthy = channelDeliveringTo(path());
    provider.stubFor(post(urlEqualTo(healthy.path())).willReturn(okJson("{\"id\": \"ok\"}")));

    JsonNode reply;
    Inbound webhookWhileHanging;
    try {
      Inbound firstStuck = customerWrites(hanging, "stuck 0");
      for (int i = 1; i < 10; i++) {
        customerWrites(hanging, "stuck " + i);
      }
      await("deliveries hanging")
          .atMost(Duration.ofSeconds(30))
          .until(() -> provider.findAll(postRequestedFor(urlEqualTo(hanging.path()))).size() >= 5);
      webhookWhileHanging = customerWrites(hanging, "still accepted quickly");
      Inbound inbound = customerWrites(healthy, "not stuck");

      reply = aiReply(inbound.conversationId(), "sent", Duration.ofSeconds(30));
      // The stuck endpoint really hangs: the gateway gives up on it and the reply waits to retry.
      await("the stuck reply timed out")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> aiReply(firstStuck.conversationId(), "pending", Duration.ofSeconds(30)),
              stuck -> stuck.path("delivery_error").asString("").startsWith("timed out"));
    } finally {
      // The endpoint recovers, so its retries stop loading the provider the next tests share.
      provider.stubFor(post(urlEqualTo(hanging.path())).willReturn(okJson("{}")));
    }
    long storedToSentMicros =
        stack
            .db
            .sql(
                "SELECT TIMESTAMPDIFF(MICROSECOND, created_at, sent_at) FROM messages WHERE id = ?")
            .param(reply.get("id").asLong())
            .query(Long.class)
            .single();
    assertThat(Duration.ofNanos(storedToSentMicros * 1000)).isLessThan(Duration.ofSeconds(1));
    assertThat(webhookWhileHanging.millis()).isLessThan(1000);
  }

  @Test
  void aGatewayKilledInTheMiddleOfRetriesSendsTheMessageOnceInTheEnd() throws Exception {
    ProviderChannel channel = channelDeliveringTo(path());
    String scenario = channel.path();
    provider.stubFor(
        post(urlEqualTo(channel.path()))
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2"))
            .willSetStateTo("still down"));
    provider.stubFor(
        post(urlEqualTo(channel.path()))
            .inScenario(scenario)
            .whenScenarioStateIs("still down")
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    provider.stubFor(
        post(urlEqualTo(channel.path()))
            .inScenario(scenario)
            .whenScenarioStateIs("up")
            .willReturn(okJson("{\"id\": \"wa-once\"}")));

    Inbound inbound = customerWrites(channel, "Are you there?");
    await("the first attempt")
        .atMost(Duration.ofSeconds(30))
        .until(() -> provider.findAll(postRequestedFor(urlEqualTo(channel.path()))).size() >= 1);
    gateway.kill();
    gateway = ServiceProcess.gateway(Map.of());

    JsonNode reply = aiReply(inbound.conversationId(), "sent", Duration.ofSeconds(90));
    long messageId = reply.get("id").asLong();
    assertThat(reply.get("provider_message_id").asString()).isEqualTo("wa-once");
    // Longer than the API's lease: a recorded 2xx is never requested again.
    await()
        .during(Stack.DELIVERY_LEASE.plusSeconds(1))
        .atMost(Stack.DELIVERY_LEASE.plusSeconds(10))
        .until(
            () ->
                requestsWithKey(messageId).stream()
                    .filter(e -> e.getResponse().getStatus() == 200)
                    .count(),
            // The matcher, not a boolean, so that a failure says how many 2xx there were.
            org.hamcrest.Matchers.equalTo(1L));
    assertThat(requestsWithKey(messageId)).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void prometheusShowsEveryServiceAtWork() throws Exception {
    ProviderChannel channel = channelDeliveringTo(path());
    provider.stubFor(post(urlEqualTo(channel.path())).willReturn(okJson("{\"id\": \"wa-m\"}")));
    Inbound inbound = customerWrites(channel, "How are you measured?");
    aiReply(inbound.conversationId(), "sent", Duration.ofSeconds(30));
    // A reply that lands after an agent took over is dropped, and counted.
    long takenOver =
        stack
            .client
            .webhook(
                EventFlowIT.ACME,
                EventFlowIT.ACME_WHATSAPP,
                inbound.phone(),
                "Agent!",
                UUID.randomUUID().toString())
            .body()
            .get("id")
            .asLong();
    stack.client.transfer(takenOver, EventFlowIT.ALICE_AGENT);

    URI api = stack.managementUri("/actuator/prometheus");
    // The management port is open; the API's own port wants the admin token.
    assertThat(Stack.status(api)).isEqualTo(200);
    assertThat(Stack.status(stack.apiUri("/actuator/prometheus"))).isEqualTo(401);
    String apiSeries =
        scrapeShowing(
            api,
            series("omni_webhook_latency_seconds_bucket", "outcome=\"stored\""),
            series("omni_outbox_pending", ""),
            series("omni_outbox_oldest_age_seconds", ""),
            series("omni_outbox_batch_size_count", ""),
            series("omni_outbox_publish_latency_seconds_bucket", ""),
            series("omni_ai_reply_latency_seconds_bucket", ""),
            series("omni_ai_replies_total", "outcome=\"stored\""),
            series("omni_ai_replies_total", "outcome=\"dropped_human_owner\""),
            series("omni_delivery_reports_total", "outcome=\"sent\""),
            series("omni_delivery_stored_to_sent_seconds_bucket", ""),
            series("omni_streams_open", ""),
            series("omni_kafka_consumer_lag", "group=\"api-service\",topic=\"omni.ai-reply.v1\""));
    String workerSeries =
        scrapeShowing(
            stack.workerUri("/actuator/prometheus"),
            series("omni_worker_model_latency_seconds_bucket", ""),
            series("omni_worker_replies_total", ""),
            series(
                "omni_kafka_consumer_lag",
                "group=\"ai-reply-worker\",topic=\"omni.message-received.v1\""));
    String gatewaySeries =
        scrapeShowing(
            gateway.uri("/actuator/prometheus"),
            series("omni_deliveries_total", "outcome=\"sent\""),
            series("omni_delivery_attempt_seconds_bucket", ""),
            series("omni_deliveries_in_flight", ""),
            series(
                "omni_kafka_consumer_lag",
                "group=\"channel-gateway\",topic=\"omni.outbound-message.v1\""));

    // The compose demo's dashboard and alert rules ask only for series the services serve.
    String served = String.join("\n", apiSeries, workerSeries, gatewaySeries);
    assertThat(DemoQueries.metrics())
        .isNotEmpty()
        .allSatisfy(
            metric ->
                assertThat(served)
                    .as("a series of %s, which the dashboard or an alert asks for", metric)
                    .containsPattern("(?m)^" + metric + "[{ ]"));
  }

  /** The service's scrape, once it shows every one of the series. */
  static String scrapeShowing(URI uri, String... series) {
    AtomicReference<String> scraped = new AtomicReference<>();
    await("every series of " + uri)
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String text = scrape(uri);
              for (String pattern : series) {
                assertThat(text).containsPattern(pattern);
              }
              scraped.set(text);
            });
    return scraped.get();
  }

  /** A series of the metric whose labels include the given ones (Prometheus sorts labels). */
  static String series(String metric, String labels) {
    return "(?m)^" + metric + "\\{[^}]*" + labels + "[^}]*\\} ";
  }

  static String scrape(URI uri) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
    return response.body();
  }

  @Test
  void oneTraceFollowsAMessageFromTheWebhookThroughTheWorkerToItsDelivery() {
    ProviderChannel channel = channelDeliveringTo(path());
    provider.stubFor(post(urlEqualTo(channel.path())).willReturn(okJson("{\"id\": \"wa-t\"}")));
    // The provider starts the trace, as a W3C traceparent on its webhook.
    String traceId = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 16);
    Inbound inbound =
        customerWrites(
            channel,
            "Where does this go?",
            Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
    aiReply(inbound.conversationId(), "sent", Duration.ofSeconds(30));

    List<OtlpReceiver.ExportedSpan> spans =
        await("the trace's spans")
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> Stack.TRACES.spansOf(traceId),
                found ->
                    found.stream().anyMatch(span -> span.name().equals("delivery status stored"))
                        && found.stream()
                            .anyMatch(span -> span.service().equals("channel-gateway")));
    assertThat(spans)
        .extracting(OtlpReceiver.ExportedSpan::service, OtlpReceiver.ExportedSpan::name)
        .contains(
            tuple("api-service", "http post /webhooks/inbound"),
            tuple("api-service", "outbox publish omni.message-received.v1"),
            tuple("ai-reply-worker", "ai reply"),
            tuple("api-service", "ai reply stored"),
            tuple("api-service", "delivery request"),
            tuple("api-service", "outbox publish omni.outbound-message.v1"),
            tuple("channel-gateway", "delivery attempt"),
            tuple("api-service", "delivery status stored"));
    // Each hop is a child of the one before it: the provider's span, the webhook, the outbox,
    // Kafka and the services.
    assertThat(spans)
        .filteredOn(span -> span.name().equals("http post /webhooks/inbound"))
        .extracting(OtlpReceiver.ExportedSpan::parentId)
        .containsExactly("00f067aa0ba902b7");
    assertThat(parentOf(spans, "outbox publish omni.message-received.v1"))
        .isEqualTo("http post /webhooks/inbound");
    assertThat(parentOf(spans, "ai reply")).isEqualTo("outbox publish omni.message-received.v1");
    assertThat(parentOf(spans, "ai reply stored")).isEqualTo("ai reply");
    assertThat(parentOf(spans, "delivery request")).isEqualTo("ai reply stored");
    assertThat(parentOf(spans, "delivery attempt"))
        .isEqualTo("outbox publish omni.outbound-message.v1");
    assertThat(parentOf(spans, "delivery status stored")).isEqualTo("delivery attempt");
  }

  private static String parentOf(List<OtlpReceiver.ExportedSpan> spans, String name) {
    OtlpReceiver.ExportedSpan child =
        spans.stream().filter(span -> span.name().equals(name)).findFirst().orElseThrow();
    return spans.stream()
        .filter(span -> span.spanId().equals(child.parentId()))
        .map(OtlpReceiver.ExportedSpan::name)
        .findFirst()
        .orElse("(no parent among " + spans + ")");
  }
}
