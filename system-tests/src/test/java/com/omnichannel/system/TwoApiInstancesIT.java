package com.omnichannel.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.testing.SseClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Two API instances behave as one: the stack's, in this JVM, and a second one as a process of its
 * own, which a test can kill with SIGKILL.
 */
class TwoApiInstancesIT {

  static final Map<String, String> ACME = Map.of("Authorization", "Bearer acme-demo-key");

  static Stack stack;
  ServiceProcess second;

  @BeforeAll
  static void startStack() {
    stack = Stack.get();
  }

  @BeforeEach
  void startSecondInstance() {
    second = ServiceProcess.api();
  }

  @AfterEach
  void stopSecondInstance() throws InterruptedException {
    if (!relayOfTheFirst().isRunning()) {
      relayOfTheFirst().start();
    }
    second.close();
  }

  static SmartLifecycle relayOfTheFirst() {
    return stack.api.getBean("outboxRelay", SmartLifecycle.class);
  }

  static URI firstInstance(String path) {
    int port = ((WebServerApplicationContext) stack.api).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port + path);
  }

  static boolean isMessage(SseClient.Event event, String text) {
    return "message.created".equals(event.type()) && event.data().contains(text);
  }

  @Test
  void aWebhookToOneInstanceShowsOnAStreamHeldByTheOther() {
    try (SseClient onSecond = SseClient.open(second.uri("/events"), ACME);
        SseClient onFirst = SseClient.open(firstInstance("/events"), ACME)) {
      String toFirst = "to the first " + UUID.randomUUID();
      String toSecond = "to the second " + UUID.randomUUID();

      webhook(stack.client, toFirst);
      // The stream's own latency is measured by bin/bench; this bounds it loosely.
      onSecond.until(e -> isMessage(e, toFirst), Duration.ofSeconds(2));

      webhook(new ApiClient(second.uri("").toString()), toSecond);
      onFirst.until(e -> isMessage(e, toSecond), Duration.ofSeconds(2));
    }
  }

  @Test
  void killingTheInstanceThatRelaysTheOutboxStopsNothing() {
    // The second instance takes the relay over once the first lets go of it.
    relayOfTheFirst().stop();
    List<Long> conversations = new ArrayList<>();
    conversations.add(webhook(stack.client, "relayed by the second " + UUID.randomUUID()));
    await().atMost(Duration.ofSeconds(30)).until(() -> answered(conversations.get(0)) == 1);
    // The first waits as a follower, retrying for the lock.
    relayOfTheFirst().start();

    for (int i = 0; i < 10; i++) {
      conversations.add(webhook(stack.client, "around the kill " + i + " " + UUID.randomUUID()));
      if (i == 4) {
        second.kill();
      }
    }

    // The first instance takes the lock over within a few seconds; each message gets one reply.
    await()
        .atMost(Duration.ofSeconds(45))
        .untilAsserted(
            () ->
                assertThat(conversations).allSatisfy(id -> assertThat(answered(id)).isEqualTo(1)));
  }

  private static long answered(long conversation) {
    return EventFlowIT.aiReplies(conversation).size();
  }

  private static long webhook(ApiClient client, String text) {
    var response =
        client.webhook(
            EventFlowIT.ACME,
            EventFlowIT.ACME_WHATSAPP,
            EventFlowIT.newPhone(),
            text,
            EventFlowIT.providerId());
    assertThat(response.status()).isEqualTo(201);
    return response.body().get("id").asLong();
  }
}
