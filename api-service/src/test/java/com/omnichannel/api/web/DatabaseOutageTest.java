package com.omnichannel.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.company.Channel;
import com.omnichannel.testing.TcpProxy;
import com.omnichannel.testing.TestInfrastructure;
import com.omnichannel.testing.TestWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database becomes unreachable while the API runs: requests are refused quickly with {@code
 * 503}, {@code Retry-After} and a problem body, rather than failing with {@code 500} or hanging,
 * and they store nothing. A context of its own, whose database connections go through a proxy that
 * the test cuts; real HTTP, so filters and error handling answer as they would in production.
 */
@ApiIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT, proxiedDatabase = true)
// Closed after the class, so that its outbox relay does not keep the relay lock from the
// contexts of the tests that run after it.
@DirtiesContext
class DatabaseOutageTest {

  /**
   * Over the pool's connection timeout (1 s, the most a request waits for a connection), with room
   * for a loaded machine; far under what a client's own timeout would be.
   */
  static final Duration BOUND = Duration.ofSeconds(3);

  final HttpClient http = HttpClient.newHttpClient();
  final JsonMapper json = JsonMapper.builder().build();
  final TcpProxy database = TestInfrastructure.databaseProxy();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @AfterEach
  void restoreDatabase() {
    database.restore();
  }

  @Test
  void webhookDuringADatabaseOutageAnswers503WithRetryAfterAndStoresNothing() throws Exception {
    String providerId = "db-outage-" + UUID.randomUUID();
    TestWebhook webhook =
        TestWebhook.inbound()
            .company(1)
            .channel(1)
            .text("Anyone there?")
            .channelMessageId(providerId);

    database.cut();
    assertUnavailable(post(webhook));
    database.restore();

    // The pool reconnects within moments; until then the provider's retry is refused the same way.
    int retried = untilNot503(() -> post(webhook).response().statusCode());
    assertThat(retried).isEqualTo(201);
    assertThat(stored(providerId)).isEqualTo(1);
  }

  /**
   * A provider's own webhook too: Meta, Twilio and Telegram retry what was not answered 2xx, so a
   * notification that could not be stored must never be answered 200.
   */
  @Test
  void providerWebhookDuringADatabaseOutageAnswers503SoTheProviderRetries() throws Exception {
    String wamid = "wamid.db-outage." + UUID.randomUUID();
    String body =
        ("{\"object\": \"whatsapp_business_account\", \"entry\": [{\"id\": \"1\","
                + " \"changes\": [{\"field\": \"messages\", \"value\": {\"messages\":"
                + " [{\"from\": \"15550009876\", \"id\": \"%s\", \"type\": \"text\","
                + " \"text\": {\"body\": \"Anyone there?\"}}]}}]}]}")
            .formatted(wamid);
    HttpRequest notification =
        HttpRequest.newBuilder(uri("/webhooks/whatsapp/3"))
            .header("Content-Type", "application/json")
            .header(
                "X-Hub-Signature-256",
                "sha256="
                    + Channel.hmacSha256Hex(
                        "demo-whatsapp-app-secret", body.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();

    database.cut();
    assertUnavailable(send(notification));
    database.restore();

    assertThat(untilNot503(() -> send(notification).statusCode())).isEqualTo(200);
    // The pool may still hand this check a connection the cut broke; it is dropped, and the
    // check asks again on another.
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.sql(
                                "SELECT COUNT(*) FROM messages"
                                    + " WHERE channel_id = 3 AND channel_message_id = ?")
                            .param(wamid)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1));
  }

  @Test
  void readDuringADatabaseOutageAnswers503WithRetryAfter() throws Exception {
    database.cut();
    assertUnavailable(get("/conversations/1", "acme-demo-key"));
    database.restore();

    assertThat(untilNot503(() -> get("/conversations/1", "acme-demo-key").response().statusCode()))
        .isEqualTo(200);
  }

  /** The first status other than 503, asking again for up to 10 s. */
  static int untilNot503(Callable<Integer> request) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(request, status -> status != 503);
  }

  /** Answered within the bound, as a 503 problem that tells the client to retry. */
  void assertUnavailable(Timed timed) throws Exception {
    HttpResponse<String> response = timed.response();
    assertThat(timed.took()).isLessThan(BOUND);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(503);
    assertThat(problem.get("detail").asString()).contains("retry later");
  }

  record Timed(HttpResponse<String> response, Duration took) {
    int statusCode() {
      return response.statusCode();
    }
  }

  Timed post(TestWebhook webhook) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(webhook.path()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(webhook.json()))
            .build());
  }

  Timed get(String path, String apiKey) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + apiKey).build());
  }

  Timed send(HttpRequest request) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Timed(response, Duration.ofNanos(System.nanoTime() - started));
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  long stored(String providerId) {
    return jdbc.sql("SELECT COUNT(*) FROM messages WHERE channel_id = 1 AND channel_message_id = ?")
        .param(providerId)
        .query(Long.class)
        .single();
  }
}
