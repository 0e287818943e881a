package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.company.Channel;
import com.omnichannel.api.conversation.ContactAddress;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.testing.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event stream over real HTTP: what it shows, to whom, and how it resumes. It keeps only four
 * events per partition in memory, so resuming from further back reads Kafka.
 */
@ApiIntegrationTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"omni.stream.heartbeat=300ms", "omni.stream.recent-events=4"})
class EventStreamTest {

  static final String ACME_KEY = "Bearer acme-demo-key";
  static final String GLOBEX_KEY = "Bearer globex-demo-key";
  static final Duration WAIT = Duration.ofSeconds(15);
  static final Channel ACME_WHATSAPP =
      new Channel(1, 1, "WhatsApp Support", "whatsapp", null, null);
  static final Channel GLOBEX_EMAIL = new Channel(2, 2, "Email Support", "email", null, null);

  @LocalServerPort int port;
  @Autowired Conversations conversations;
  @Autowired JsonMapper json;

  SseClient open(String key, String query) {
    return SseClient.open(
        URI.create("http://127.0.0.1:" + port + "/events" + query), Map.of("Authorization", key));
  }

  /** A contact's message in a new conversation of Acme's; the conversation's id. */
  long acmeMessage(String text) {
    var from =
        new ContactAddress(
            "+1888" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999)), null);
    return conversations
        .appendInbound(ACME_WHATSAPP, from, UUID.randomUUID().toString(), text, "t")
        .conversation()
        .id();
  }

  long globexMessage(String text) {
    var from = new ContactAddress(null, UUID.randomUUID() + "@example.com");
    return conversations
        .appendInbound(GLOBEX_EMAIL, from, UUID.randomUUID().toString(), text, "t")
        .conversation()
        .id();
  }

  JsonNode data(SseClient.Event event) {
    return json.readTree(event.data());
  }

  static boolean isMessage(SseClient.Event event, String text) {
    return event.type().equals("message.created")
        && event.data().contains("\"content\":\"" + text + "\"");
  }

  @Test
  void aNewConversationsFirstMessageShowsAsConversationThenMessage() {
    try (SseClient stream = open(ACME_KEY, "")) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(stream.retry()).isEqualTo(3000));
      String text = "stream me " + UUID.randomUUID();

      long conversation = acmeMessage(text);

      List<SseClient.Event> events = stream.until(e -> isMessage(e, text), WAIT);
      SseClient.Event created = events.get(events.size() - 2);
      SseClient.Event message = events.get(events.size() - 1);
      assertThat(created.type()).isEqualTo("conversation.created");
      assertThat(data(created).get("id").asLong()).isEqualTo(conversation);
      assertThat(data(created).get("owner_type").asString()).isEqualTo("ai");
      assertThat(data(created).get("status").asString()).isEqualTo("open");
      assertThat(data(message).get("conversation_id").asLong()).isEqualTo(conversation);
      assertThat(data(message).get("sender").asString()).isEqualTo("contact");
      assertThat(data(message).has("delivery_status")).isTrue();
      assertThat(message.numericId()).isGreaterThan(created.numericId());
    }
  }

  @Test
  void aStreamShowsOnlyItsCompanysEvents() {
    try (SseClient globex = open(GLOBEX_KEY, "")) {
      String acmeText = "acme secret " + UUID.randomUUID();
      String globexText = "globex news " + UUID.randomUUID();

      acmeMessage(acmeText);
      globexMessage(globexText);

      List<SseClient.Event> seen = globex.until(e -> isMessage(e, globexText), WAIT);
      assertThat(seen).noneMatch(e -> e.data().contains(acmeText));
      assertThat(seen)
          .allSatisfy(
              e ->
                  assertThat(
                          data(e).get("company_id") == null
                              || data(e).get("company_id").asLong() == 2)
                      .isTrue());
    }
  }

  @Test
  void aResumedStreamReplaysWhatItMissedInOrderThenGoesOnLive() {
    String first = "before " + UUID.randomUUID();
    long lastSeen;
    try (SseClient stream = open(ACME_KEY, "")) {
      acmeMessage(first);
      List<SseClient.Event> seen = stream.until(e -> isMessage(e, first), WAIT);
      lastSeen = seen.get(seen.size() - 1).numericId();
    }
    // More than the four events memory keeps: the replay reads Kafka for the older ones.
    List<String> missed =
        List.of("m1 " + UUID.randomUUID(), "m2 " + UUID.randomUUID(), "m3 " + UUID.randomUUID());
    String globexMissed = "globex while away " + UUID.randomUUID();
    acmeMessage(missed.get(0));
    globexMessage(globexMissed);
    acmeMessage(missed.get(1));
    acmeMessage(missed.get(2));

    try (SseClient resumed =
        SseClient.open(
            URI.create("http://127.0.0.1:" + port + "/events"),
            Map.of("Authorization", ACME_KEY, "Last-Event-ID", Long.toString(lastSeen)))) {
      List<SseClient.Event> replayed = resumed.until(e -> isMessage(e, missed.get(2)), WAIT);
      List<String> texts =
          replayed.stream()
              .filter(e -> e.type().equals("message.created"))
              .map(e -> data(e).get("content").asString())
              .filter(text -> text.startsWith("m") || text.startsWith("before"))
              .toList();
      assertThat(texts).containsSubsequence(missed);
      assertThat(texts).doesNotContain(first);
      assertThat(replayed).noneMatch(e -> e.data().contains(globexMissed));
      assertThat(replayed).allSatisfy(e -> assertThat(e.numericId()).isGreaterThan(lastSeen));
      assertThat(replayed.stream().map(SseClient.Event::numericId).toList()).isSorted();

      String live = "live " + UUID.randomUUID();
      acmeMessage(live);
      List<SseClient.Event> after = resumed.until(e -> isMessage(e, live), WAIT);
      assertThat(after).noneMatch(e -> missed.stream().anyMatch(e.data()::contains));
    }
  }

  @Test
  void aConversationFilterShowsOneConversation() {
    long conversation = acmeMessage("filtered " + UUID.randomUUID());
    try (SseClient stream = open(ACME_KEY, "?conversation_id=" + conversation)) {
      String other = "other " + UUID.randomUUID();
      acmeMessage(other);
      conversations.postFromAgent(1, conversation, 2, "agent reply");

      List<SseClient.Event> seen = stream.until(e -> isMessage(e, "agent reply"), WAIT);
      assertThat(seen).allSatisfy(e -> assertThat(e.data()).doesNotContain(other));
      assertThat(seen)
          .allSatisfy(
              e ->
                  assertThat(
                          e.type().startsWith("message")
                              ? data(e).get("conversation_id").asLong()
                              : data(e).get("id").asLong())
                      .isEqualTo(conversation));
    }
  }

  @Test
  void anIdleStreamGetsHeartbeats() {
    try (SseClient stream = open(ACME_KEY, "")) {
      assertThat(stream.awaitComment(Duration.ofSeconds(5))).isEqualTo("heartbeat");
    }
  }

  @Test
  void aStreamTokenOpensItsCompanysStreamOnce() throws Exception {
    HttpResponse<String> issued =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/companies/2/stream-tokens"))
                    .header("Authorization", GLOBEX_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(issued.statusCode()).isEqualTo(201);
    String token = json.readTree(issued.body()).get("token").asString();
    assertThat(json.readTree(issued.body()).get("expires_at").asString()).isNotBlank();
    URI withToken = URI.create("http://127.0.0.1:" + port + "/events?token=" + token);

    try (SseClient stream = SseClient.open(withToken, Map.of())) {
      assertThat(stream.status()).isEqualTo(200);
      String text = "token stream " + UUID.randomUUID();
      acmeMessage("not for globex " + text);
      globexMessage(text);
      List<SseClient.Event> seen = stream.until(e -> isMessage(e, text), WAIT);
      assertThat(seen).noneMatch(e -> e.data().contains("not for globex"));
    }
    try (SseClient again = SseClient.open(withToken, Map.of())) {
      assertThat(again.status()).isEqualTo(401);
    }
    try (SseClient forged =
        SseClient.open(
            URI.create("http://127.0.0.1:" + port + "/events?token=st_forged"), Map.of())) {
      assertThat(forged.status()).isEqualTo(401);
    }
  }

  @Test
  void aLastEventIdThatIsNotAnIdIsABadRequest() {
    try (SseClient stream =
        SseClient.open(
            URI.create("http://127.0.0.1:" + port + "/events?last_event_id=abc"),
            Map.of("Authorization", ACME_KEY))) {
      assertThat(stream.status()).isEqualTo(400);
    }
  }
}
