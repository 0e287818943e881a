package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.conversation.ContactAddress;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.testing.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a stream gets past the limits: the per-company and per-instance caps (the instance's is 53
 * here, so that 50 streams of one company and 3 of another fill it), a resume that cannot be served
 * (more than 3 records behind here, or not readable from Kafka within 1 ms) and a revoked key.
 */
@ApiIntegrationTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "omni.stream.heartbeat=300ms",
      "omni.stream.max-per-instance=53",
      "omni.stream.replay-max-events=3",
      "omni.stream.recent-events=1",
      "omni.stream.replay-deadline=1ms"
    })
class EventStreamLimitsTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  @LocalServerPort int port;
  @Autowired Conversations conversations;
  @Autowired StreamSlots slots;
  @Autowired JsonMapper json;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final List<HeldStream> held = new ArrayList<>();

  @BeforeEach
  void noStreamIsOpen() {
    await().atMost(WAIT).until(() -> slots.open() == 0);
  }

  @AfterEach
  void closeStreams() {
    held.forEach(HeldStream::close);
  }

  URI events() {
    return URI.create("http://127.0.0.1:" + port + "/events");
  }

  HeldStream hold(String key) {
    HeldStream stream = HeldStream.open(http, events(), Map.of("Authorization", key));
    held.add(stream);
    return stream;
  }

  long acmeMessage(String text) {
    var from =
        new ContactAddress(
            "+1777" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999)), null);
    return conversations
        .appendInbound(EventStreamTest.ACME_WHATSAPP, from, UUID.randomUUID().toString(), text, "t")
        .conversation()
        .id();
  }

  void assertRefused(HeldStream refused, int status, String detail) {
    assertThat(refused.status()).isEqualTo(status);
    assertThat(refused.header("Retry-After")).isEqualTo("5");
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    var problem = json.readTree(refused.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("type").asString()).isEqualTo("about:blank");
    assertThat(problem.get("detail").asString()).contains(detail, "retry after 5 s");
  }

  @Test
  void aCompanysFiftyFirstStreamIs429UntilOneOfItsStreamsEnds() {
    for (int i = 0; i < 50; i++) {
      assertThat(hold(EventStreamTest.ACME_KEY).status()).isEqualTo(200);
    }

    assertRefused(hold(EventStreamTest.ACME_KEY), 429, "Company 1 already has 50 event streams");
    assertThat(hold(EventStreamTest.GLOBEX_KEY).status()).isEqualTo(200);

    held.get(0).close();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              HeldStream again = hold(EventStreamTest.ACME_KEY);
              return again.status() == 200;
            });
  }

  @Test
  void anInstancePastItsStreamLimitIs503() {
    for (int i = 0; i < 50; i++) {
      assertThat(hold(EventStreamTest.ACME_KEY).status()).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(hold(EventStreamTest.GLOBEX_KEY).status()).isEqualTo(200);
    }

    assertRefused(hold(EventStreamTest.GLOBEX_KEY), 503, "as many event streams as it can (53)");
  }

  /**
   * The id of the last event a client saw before it went away and {@code missed} were written; on
   * return this instance has read them all, so the resume's distance is what the test made.
   */
  long lastSeenBefore(List<String> missed) {
    String first = "seen " + UUID.randomUUID();
    try (SseClient stream =
        SseClient.open(events(), Map.of("Authorization", EventStreamTest.ACME_KEY))) {
      acmeMessage(first);
      List<SseClient.Event> seen = stream.until(e -> EventStreamTest.isMessage(e, first), WAIT);
      missed.forEach(this::acmeMessage);
      stream.until(e -> EventStreamTest.isMessage(e, missed.get(missed.size() - 1)), WAIT);
      return seen.get(seen.size() - 1).numericId();
    }
  }

  SseClient resume(long lastEventId) {
    return SseClient.open(
        events(),
        Map.of(
            "Authorization",
            EventStreamTest.ACME_KEY,
            "Last-Event-ID",
            Long.toString(lastEventId)));
  }

  @Test
  void aResumeMoreRecordsBehindThanTheReplayMaxStartsWithResetThenGoesLive() {
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      missed.add("missed " + UUID.randomUUID());
    }
    long lastSeen = lastSeenBefore(missed);

    try (SseClient resumed = resume(lastSeen)) {
      SseClient.Event reset = resumed.next(WAIT);
      assertThat(reset.type()).isEqualTo("reset");
      assertThat(json.readTree(reset.data()).get("reason").asString()).isEqualTo("too_far_behind");
      assertThat(reset.numericId()).isGreaterThan(lastSeen);

      String live = "live after reset " + UUID.randomUUID();
      acmeMessage(live);
      List<SseClient.Event> after = resumed.until(e -> EventStreamTest.isMessage(e, live), WAIT);
      assertThat(after).noneMatch(e -> missed.stream().anyMatch(e.data()::contains));
      assertThat(after).allSatisfy(e -> assertThat(e.numericId()).isGreaterThan(reset.numericId()));
    }
  }

  @Test
  void aReplayThatCannotBeReadFromKafkaWithinItsDeadlineStartsWithResetNotAGap() {
    long lastSeen =
        lastSeenBefore(List.of("missed " + UUID.randomUUID(), "one more " + UUID.randomUUID()));

    try (SseClient resumed = resume(lastSeen)) {
      SseClient.Event reset = resumed.next(WAIT);
      assertThat(reset.type()).isEqualTo("reset");
      assertThat(json.readTree(reset.data()).get("reason").asString())
          .isEqualTo("replay_incomplete");
    }
  }

  @Test
  void revokingAKeyEndsItsOpenStreamsWithinTenSeconds() throws Exception {
    HttpResponse<String> issued =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/companies/1/api-keys"))
                .header("Authorization", EventStreamTest.ACME_KEY)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(issued.statusCode()).isEqualTo(201);
    var key = json.readTree(issued.body());
    HeldStream stream = hold("Bearer " + key.get("api_key").asString());
    HeldStream otherKeys = hold(EventStreamTest.ACME_KEY);
    assertThat(stream.status()).isEqualTo(200);

    HttpResponse<String> revoked =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/companies/1/api-keys/"
                            + key.get("id").asLong()))
                .header("Authorization", EventStreamTest.ACME_KEY)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).isEqualTo(204);

    await().atMost(Duration.ofSeconds(10)).until(stream::ended);
    assertThat(otherKeys.ended()).isFalse();
  }
}
