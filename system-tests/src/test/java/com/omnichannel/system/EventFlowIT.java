package com.omnichannel.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A provider's message travels webhook, outbox, Kafka, worker, Kafka, reply consumer, API. */
class EventFlowIT {

  static final long ACME = 1;
  static final long ACME_WHATSAPP = 1;
  static final long ALICE_AGENT = 2;

  static Stack stack;

  @BeforeAll
  static void startStack() {
    stack = Stack.get();
  }

  static String newPhone() {
    return "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
  }

  static String providerId() {
    return "wamid-" + UUID.randomUUID();
  }

  /** Also used by the other system tests, which may run before this class sets its field. */
  static List<JsonNode> aiReplies(long conversationId) {
    return Stack.get().client.messages(conversationId).stream()
        .filter(m -> m.get("sender").asString().equals("ai"))
        .toList();
  }

  @Test
  void webhookMessageGetsAnAiReplyVisibleThroughTheApi() {
    var response =
        stack.client.webhook(ACME, ACME_WHATSAPP, newPhone(), "Where is my parcel?", providerId());

    assertThat(response.status()).isEqualTo(201);
    long conversationId = response.body().get("id").asLong();
    assertThat(response.body().get("owner_id").asLong()).isEqualTo(1L);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(stack.client.messages(conversationId)).hasSize(2));
    List<JsonNode> messages = stack.client.messages(conversationId);
    JsonNode inbound = messages.get(0);
    JsonNode reply = messages.get(1);
    assertThat(inbound.get("sender").asString()).isEqualTo("contact");
    assertThat(inbound.get("content").asString()).isEqualTo("Where is my parcel?");
    assertThat(reply.get("sender").asString()).isEqualTo("ai");
    assertThat(reply.get("in_reply_to").asLong()).isEqualTo(inbound.get("id").asLong());
    assertThat(reply.get("author_id").asLong()).isEqualTo(1L);
    assertThat(reply.get("content").asString()).contains("Where is my parcel?");
  }

  @Test
  void humanTakeoverBeforeTheSlowReplyLandsKeepsTheAiSilent() {
    double droppedBefore = stack.apiCounter("omni.ai_replies", "outcome", "dropped_human_owner");
    var response =
        stack.client.webhook(ACME, ACME_WHATSAPP, newPhone(), "Human please", providerId());
    long conversationId = response.body().get("id").asLong();

    var transfer = stack.client.transfer(conversationId, ALICE_AGENT);

    assertThat(transfer.status()).isEqualTo(200);
    assertThat(transfer.body().get("owner_id").asLong()).isEqualTo(ALICE_AGENT);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                stack.apiCounter("omni.ai_replies", "outcome", "dropped_human_owner")
                    > droppedBefore);
    assertThat(aiReplies(conversationId)).isEmpty();
    assertThat(stack.client.messages(conversationId)).hasSize(1);
  }

  @Test
  void messageToAHumanOwnedConversationIsNotAnsweredByTheAi() {
    String phone = newPhone();
    long conversationId =
        stack
            .client
            .webhook(ACME, ACME_WHATSAPP, phone, "first", providerId())
            .body()
            .get("id")
            .asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> aiReplies(conversationId).size() == 1);
    stack.client.transfer(conversationId, ALICE_AGENT);
    double skippedBefore = stack.workerCounter("omni.worker.skipped_human_owned");

    var second = stack.client.webhook(ACME, ACME_WHATSAPP, phone, "second", providerId());

    assertThat(second.body().get("id").asLong()).isEqualTo(conversationId);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> stack.workerCounter("omni.worker.skipped_human_owned") > skippedBefore);
    assertThat(aiReplies(conversationId)).hasSize(1);
  }
}
