package com.omnichannel.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Events are snake_case JSON with the common envelope fields, and read back unchanged. */
class EventJsonMappingTest {

  final JsonMapper json = JsonMapper.builder().build();

  @Test
  void messageReceivedIsSnakeCaseWithTheEnvelope() {
    var event =
        MessageReceived.of(
            Instant.parse("2026-01-02T03:04:05.123456Z"), 1, 2, 3, 4, 5, 6, true, "hi");

    String text = json.writeValueAsString(event);

    assertThat(text)
        .contains(
            "\"event_id\":\"" + event.eventId() + "\"",
            "\"event_type\":\"MessageReceived\"",
            "\"schema_version\":2",
            "\"occurred_at\":\"2026-01-02T03:04:05.123456Z\"",
            "\"company_id\":1",
            "\"conversation_id\":2",
            "\"message_id\":3",
            "\"ai_owned\":true");
    assertThat(json.readValue(text, MessageReceived.class)).isEqualTo(event);
  }

  @Test
  void replyToTheSameEventHasTheSameEventId() {
    var received = MessageReceived.of(Instant.now(), 1, 2, 3, 4, 5, 6, true, "hi");

    var first = AiReplyGenerated.answering(received, Instant.now(), "a");
    var again = AiReplyGenerated.answering(received, Instant.now(), "a");

    assertThat(again.eventId()).isEqualTo(first.eventId());
    assertThat(first.inReplyTo()).isEqualTo(3);
    assertThat(first.aiUserId()).isEqualTo(6);
    assertThat(json.writeValueAsString(first))
        .contains("\"in_reply_to\":3", "\"event_type\":\"AiReplyGenerated\"");
  }

  @Test
  void eventIdsAreVersion4AndDistinct() {
    var ids = java.util.stream.Stream.generate(EventIds::random).limit(10_000).toList();

    assertThat(ids).allSatisfy(id -> assertThat(id.version()).isEqualTo(4));
    assertThat(ids).allSatisfy(id -> assertThat(id.variant()).isEqualTo(2));
    assertThat(new java.util.HashSet<>(ids)).hasSize(10_000);
  }

  @Test
  void messageReceivedCarriesItsContextAndReadsAVersionOneEventWithout() {
    var event =
        MessageReceived.of(Instant.parse("2026-01-02T03:04:05Z"), 1, 2, 3, 4, 5, 6, true, "hi")
            .withContext(
                "Acme Corp",
                "Be brief.",
                java.util.List.of(new ConversationTurn("contact", "earlier")));

    String text = json.writeValueAsString(event);

    assertThat(text)
        .contains(
            "\"company_name\":\"Acme Corp\"",
            "\"assistant_instructions\":\"Be brief.\"",
            "\"history\":[{\"sender\":\"contact\",\"text\":\"earlier\"}]");
    assertThat(json.readValue(text, MessageReceived.class)).isEqualTo(event);

    String versionOne =
        """
        {"event_id":"%s","event_type":"MessageReceived","schema_version":1,
         "occurred_at":"2026-01-02T03:04:05Z","company_id":1,"conversation_id":2,"message_id":3,
         "channel_id":4,"contact_id":5,"owner_id":6,"ai_owned":true,"text":"hi"}
        """
            .formatted(event.eventId());
    MessageReceived old = json.readValue(versionOne, MessageReceived.class);
    assertThat(old.companyName()).isNull();
    assertThat(old.historyOrEmpty()).isEmpty();
  }

  @Test
  void handoffToTheSameEventHasTheSameEventIdAndABoundedReason() {
    var received = MessageReceived.of(Instant.now(), 1, 2, 3, 4, 5, 6, true, "hi");

    var first = HandoffRequested.answering(received, Instant.now(), "r".repeat(600));
    var again = HandoffRequested.answering(received, Instant.now(), "short");

    assertThat(again.eventId()).isEqualTo(first.eventId());
    assertThat(first.eventId())
        .isNotEqualTo(AiReplyGenerated.answering(received, Instant.now(), "a").eventId());
    assertThat(first.reason()).hasSize(HandoffRequested.MAX_REASON_LENGTH);
    assertThat(json.writeValueAsString(again))
        .contains(
            "\"event_type\":\"HandoffRequested\"",
            "\"in_reply_to\":3",
            "\"ai_user_id\":6",
            "\"reason\":\"short\"");
  }

  @Test
  void aReplyIsCutToTheLongestMessage() {
    var received = MessageReceived.of(Instant.now(), 1, 2, 3, 4, 5, 6, true, "hi");

    var reply = AiReplyGenerated.answering(received, Instant.now(), "y".repeat(5000));

    assertThat(reply.text()).hasSize(AiReplyGenerated.MAX_TEXT_LENGTH);
  }
}
