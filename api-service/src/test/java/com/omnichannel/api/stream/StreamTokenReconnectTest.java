package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.company.Channel;
import com.omnichannel.api.conversation.ContactAddress;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.testing.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser's {@code EventSource} reconnects by itself with the URL it was opened with, so with the
 * stream token it already spent, and with {@code Last-Event-ID}: that must reopen the stream, from
 * where it was, until the token's reconnect window ends or its key is revoked; nothing else may
 * reuse a token. Same settings as {@link EventStreamTest}, so it shares its application.
 */
@ApiIntegrationTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"omni.stream.heartbeat=300ms", "omni.stream.recent-events=4"})
class StreamTokenReconnectTest {

  static final String GLOBEX_KEY = "Bearer globex-demo-key";
  static final Duration WAIT = Duration.ofSeconds(15);
  static final Channel GLOBEX_EMAIL = new Channel(2, 2, "Email Support", "email", null, null);

  @LocalServerPort int port;
  @Autowired Conversations conversations;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aSpentTokenReopensItsStreamFromItsLastEventIdAndOnlyWithOne() {
    URI events = eventsWith(issueToken(2, GLOBEX_KEY));
    String before = "before the restart " + UUID.randomUUID();
    long lastSeen;
    try (SseClient first = SseClient.open(events, Map.of())) {
      assertThat(first.status()).isEqualTo(200);
      globexMessage(before);
      lastSeen = last(first.until(e -> isMessage(e, before), WAIT)).numericId();
    }
    String missed = "while away " + UUID.randomUUID();
    globexMessage(missed);

    try (SseClient replayedWithoutId = SseClient.open(events, Map.of())) {
      assertThat(replayedWithoutId.status()).isEqualTo(401);
    }
    try (SseClient reconnected =
        SseClient.open(events, Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
      assertThat(reconnected.status()).isEqualTo(200);
      String live = "after the reconnect " + UUID.randomUUID();
      globexMessage(live);
      List<SseClient.Event> seen = reconnected.until(e -> isMessage(e, live), WAIT);
      assertThat(seen).filteredOn(e -> isMessage(e, missed)).hasSize(1);
      assertThat(seen).noneMatch(e -> isMessage(e, before));
      assertThat(seen).filteredOn(e -> e.id() != null).allMatch(e -> e.numericId() > lastSeen);
    }
    try (SseClient again = SseClient.open(events, Map.of("Last-Event-ID", "0"))) {
      assertThat(again.status()).as("every reconnect within the window").isEqualTo(200);
    }
  }

  @Test
  void aTokenThatNeverOpenedAStreamDoesNotOpenOneAsAReconnectPastItsFirstMinute() {
    String token = issueToken(2, GLOBEX_KEY);
    age(token, Duration.ofSeconds(61));

    try (SseClient stream = SseClient.open(eventsWith(token), Map.of("Last-Event-ID", "1"))) {
      assertThat(stream.status()).isEqualTo(401);
    }
  }

  @Test
  void aSpentTokenNoLongerReopensItsStreamPastItsReconnectWindow() {
    String token = issueToken(2, GLOBEX_KEY);
    try (SseClient first = SseClient.open(eventsWith(token), Map.of())) {
      assertThat(first.status()).isEqualTo(200);
    }
    age(token, Duration.ofHours(12).minusSeconds(5));
    try (SseClient within = SseClient.open(eventsWith(token), Map.of("Last-Event-ID", "1"))) {
      assertThat(within.status()).isEqualTo(200);
    }

    age(token, Duration.ofSeconds(10));

    try (SseClient past = SseClient.open(eventsWith(token), Map.of("Last-Event-ID", "1"))) {
      assertThat(past.status()).isEqualTo(401);
    }
  }

  @Test
  void aSpentTokenNoLongerReopensItsStreamOnceItsKeyIsRevoked() throws Exception {
    JsonNode company = post("/admin/companies", "Bearer test-admin-token", "{\"name\": \"Reco\"}");
    long companyId = company.get("id").asLong();
    String oldKey = "Bearer " + company.get("api_key").asString();
    String token = issueToken(companyId, oldKey);
    try (SseClient first = SseClient.open(eventsWith(token), Map.of())) {
      assertThat(first.status()).isEqualTo(200);
    }
    String keys = "/companies/" + companyId + "/api-keys";
    String newKey = "Bearer " + post(keys, oldKey, "").get("api_key").asString();
    long oldKeyId =
        json.readTree(send(request(keys, oldKey).GET()).body()).get(0).get("id").asLong();

    assertThat(send(request(keys + "/" + oldKeyId, newKey).DELETE()).statusCode()).isEqualTo(204);

    try (SseClient reconnect = SseClient.open(eventsWith(token), Map.of("Last-Event-ID", "1"))) {
      assertThat(reconnect.status()).isEqualTo(401);
    }
  }

  URI eventsWith(String token) {
    return URI.create("http://127.0.0.1:" + port + "/events?token=" + token);
  }

  String issueToken(long companyId, String key) {
    return post("/companies/" + companyId + "/stream-tokens", key, "").get("token").asString();
  }

  /** Moves the token's issue {@code by} into the past. */
  void age(String token, Duration by) {
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            tx ->
                assertThat(
                        jdbc.sql(
                                """
                                UPDATE stream_tokens
                                   SET expires_at = expires_at - INTERVAL ? SECOND
                                 WHERE token_hash = ?
                                """)
                            .params(by.toSeconds(), sha256(token))
                            .update())
                    .isEqualTo(1));
  }

  JsonNode post(String path, String key, String body) {
    HttpResponse<String> answer =
        send(
            request(path, key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return json.readTree(answer.body());
  }

  HttpRequest.Builder request(String path, String key) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", key);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void globexMessage(String text) {
    var from = new ContactAddress(null, UUID.randomUUID() + "@example.com");
    conversations.appendInbound(GLOBEX_EMAIL, from, UUID.randomUUID().toString(), text, "t");
  }

  static boolean isMessage(SseClient.Event event, String text) {
    return "message.created".equals(event.type())
        && event.data().contains("\"content\":\"" + text + "\"");
  }

  static SseClient.Event last(List<SseClient.Event> events) {
    return events.get(events.size() - 1);
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
