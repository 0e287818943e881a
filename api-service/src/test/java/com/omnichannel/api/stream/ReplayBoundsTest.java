package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.conversation.ContactAddress;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.testing.SseClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * A resume is replayed only when what it missed fits the stream's queue (5 events here; each new
 * conversation is two), and only from a position the partition has reached; otherwise it starts
 * with a reset and goes on live. Memory keeps one event, so a replay reads Kafka.
 */
@ApiIntegrationTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "omni.stream.heartbeat=300ms",
      "omni.stream.queue=5",
      "omni.stream.recent-events=1"
    })
class ReplayBoundsTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  @LocalServerPort int port;
  @Autowired Conversations conversations;
  @Autowired JsonMapper json;

  void acmeMessage(String text) {
    var from =
        new ContactAddress(
            "+1666" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999)), null);
    conversations.appendInbound(
        EventStreamTest.ACME_WHATSAPP, from, UUID.randomUUID().toString(), text, "t");
  }

  SseClient open(Map<String, String> headers) {
    return SseClient.open(URI.create("http://127.0.0.1:" + port + "/events"), headers);
  }

  SseClient resume(long lastEventId) {
    return open(
        Map.of(
            "Authorization",
            EventStreamTest.ACME_KEY,
            "Last-Event-ID",
            Long.toString(lastEventId)));
  }

  /** The id of the last event a client saw before {@code missed} new conversations were made. */
  long lastSeenBefore(List<String> missed) {
    String first = "seen " + UUID.randomUUID();
    try (SseClient stream = open(Map.of("Authorization", EventStreamTest.ACME_KEY))) {
      acmeMessage(first);
      List<SseClient.Event> seen = stream.until(e -> EventStreamTest.isMessage(e, first), WAIT);
      long lastSeen = seen.get(seen.size() - 1).numericId();
      for (String text : missed) {
        acmeMessage(text);
        stream.until(e -> EventStreamTest.isMessage(e, text), WAIT);
      }
      return lastSeen;
    }
  }

  void assertResetThenLive(SseClient resumed, String reason) {
    SseClient.Event reset = resumed.next(WAIT);
    assertThat(reset.type()).isEqualTo("reset");
    assertThat(json.readTree(reset.data()).get("reason").asString()).isEqualTo(reason);
    String live = "live after reset " + UUID.randomUUID();
    acmeMessage(live);
    List<SseClient.Event> after = resumed.until(e -> EventStreamTest.isMessage(e, live), WAIT);
    assertThat(after).allSatisfy(e -> assertThat(e.numericId()).isGreaterThan(reset.numericId()));
  }

  @Test
  void aResumeThatMissedMoreThanItsQueueHoldsStartsWithResetNotAHugeQueue() {
    List<String> missed =
        List.of(
            "missed " + UUID.randomUUID(),
            "missed " + UUID.randomUUID(),
            "missed " + UUID.randomUUID(),
            "missed " + UUID.randomUUID());
    long lastSeen = lastSeenBefore(missed);

    try (SseClient resumed = resume(lastSeen)) {
      assertResetThenLive(resumed, "too_far_behind");
    }
  }

  @Test
  void aResumeThatMissedWhatItsQueueHoldsIsReplayed() {
    String missed = "missed " + UUID.randomUUID();
    long lastSeen = lastSeenBefore(List.of(missed));

    try (SseClient resumed = resume(lastSeen)) {
      List<SseClient.Event> replayed =
          resumed.until(e -> EventStreamTest.isMessage(e, missed), WAIT);
      assertThat(replayed).noneMatch(e -> e.type().equals("reset"));
    }
  }

  @Test
  void aResumeFromAnIdAheadOfTheLivePositionStartsWithResetAndGoesLive() {
    try (SseClient resumed = resume(StreamEvent.id(1_000_000_000L, 0))) {
      assertResetThenLive(resumed, "unknown_position");
    }
  }
}
