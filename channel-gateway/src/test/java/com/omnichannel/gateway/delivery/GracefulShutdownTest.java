package com.omnichannel.gateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.Topics;
import com.omnichannel.gateway.GatewayApplication;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.testing.TestInfrastructure;
import com.omnichannel.testing.TopicRecords;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway that is stopped (a deployment, say) reports the attempts it has in flight before it
 * goes, rather than leaving each to wait out the API's lease.
 */
class GracefulShutdownTest {

  WireMockServer provider;

  @BeforeEach
  void startProvider() {
    provider = new WireMockServer(options().dynamicPort());
    provider.start();
  }

  @AfterEach
  void stopProvider() {
    provider.stop();
  }

  @Test
  void attemptsInFlightAreReportedBeforeTheGatewayStops() throws Exception {
    provider.stubFor(
        post("/slow")
            .willReturn(
                aResponse().withStatus(200).withBody("{\"id\":\"late\"}").withFixedDelay(1_500)));
    long conversation = System.currentTimeMillis() * 1_000 + 999;

    try (ConfigurableApplicationContext gateway =
        GatewayApplication.application()
            // Arguments, since properties given to the builder rank below the configuration file.
            .run(
                TestInfrastructure.arguments(
                    "--server.port=0",
                    "--omni.outbound.allow-private-networks=true",
                    "--omni.outbound.response-timeout=5s"))) {
      // Made once the gateway runs: a start-up slower than OUTBOUND_REQUEST_EXPIRY (the test
      // database and broker on a loaded machine) must not make the request too old to send.
      var request =
          TestEvent.about(conversation)
              .message(conversation)
              .channel(conversation)
              .outboundUrl("http://127.0.0.1:" + provider.port() + "/slow")
              .body("{\"text\":\"bye\"}")
              .correlationId("corr-shutdown")
              .outboundMessageRequested();
      @SuppressWarnings("unchecked")
      KafkaTemplate<String, byte[]> kafka = gateway.getBean(KafkaTemplate.class);
      byte[] value = gateway.getBean(JsonMapper.class).writeValueAsBytes(request);
      kafka.send(new ProducerRecord<>(Topics.OUTBOUND_MESSAGE, Long.toString(conversation), value));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> provider.findAll(postRequestedFor(urlEqualTo("/slow"))).size() == 1);
    }

    List<DeliveryAttempted> reports =
        TopicRecords.allUpToEnd(
                Topics.DELIVERY_STATUS, r -> r.key().equals(Long.toString(conversation)))
            .stream()
            .map(r -> JsonMapper.builder().build().readValue(r.value(), DeliveryAttempted.class))
            .toList();
    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(DeliveryOutcome.SENT);
              assertThat(r.providerMessageId()).isEqualTo("late");
            });
  }
}
