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
            "\"schema_version\":1",
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
}
