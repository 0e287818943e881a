package com.omnichannel.gateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.gateway.GatewayApplication;
import com.omnichannel.testing.ImportTestInfrastructure;
import com.omnichannel.testing.StubProvider;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.testing.TestSecrets;
import com.omnichannel.testing.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * One tenant whose many channels all hang fills its company's share of the gateway, not the whole
 * of it: another tenant's message still goes out at once.
 */
@SpringBootTest(
    properties = {
      "spring.config.name=" + GatewayApplication.CONFIG_NAME,
      "omni.secrets.key=" + TestSecrets.KEY,
      "omni.outbound.allow-private-networks=true",
      "omni.outbound.connect-timeout=1s",
      "omni.outbound.response-timeout=5s",
      "omni.outbound.max-in-flight-per-channel=" + CompanyInFlightLimitTest.PER_CHANNEL,
      "omni.outbound.max-in-flight-per-company=" + CompanyInFlightLimitTest.PER_COMPANY,
      "omni.outbound.max-in-flight=" + CompanyInFlightLimitTest.TOTAL
    })
@ImportTestInfrastructure
@DirtiesContext
class CompanyInFlightLimitTest {

  static final int PER_CHANNEL = 4;
  static final int PER_COMPANY = 8;
  static final int TOTAL = 12;
  static final int CHANNELS = 4;

  /** Longer than the response timeout: endpoints that never answer within the test. */
  static final int HANGING_MILLIS = 8_000;

  static final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1_000 + 500_000);

  static WireMockServer provider;

  @Autowired KafkaTemplate<String, byte[]> kafka;
  @Autowired JsonMapper json;

  @BeforeAll
  static void startProvider() {
    provider = StubProvider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.stop();
  }

  @Test
  void aCompanyWhoseChannelsAllHangLeavesRoomForAnotherCompany() throws Exception {
    String hanging = "/hanging-" + ids.incrementAndGet();
    provider.stubFor(
        post(hanging).willReturn(aResponse().withStatus(200).withFixedDelay(HANGING_MILLIS)));
    long companyA = ids.incrementAndGet();
    long conversationA = ids.incrementAndGet();
    List<OutboundMessageRequested> fromA = new ArrayList<>();
    // Every channel of A has room for more than its share of the company's slots.
    for (int channel = 0; channel < CHANNELS; channel++) {
      long channelId = ids.incrementAndGet();
      for (int i = 0; i < PER_CHANNEL; i++) {
        fromA.add(request(companyA, channelId, conversationA, hanging));
      }
    }
    for (var request : fromA) {
      publish(request);
    }
    // Every request of A is either at the provider or deferred before B's comes.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                provider.findAll(postRequestedFor(urlEqualTo(hanging))).size()
                        + deferredOf(conversationA).size()
                    == fromA.size());
    String fast = "/fast-" + ids.incrementAndGet();
    provider.stubFor(post(fast).willReturn(aResponse().withStatus(200).withBody("{\"id\":\"b\"}")));
    var fromB = request(ids.incrementAndGet(), ids.incrementAndGet(), ids.incrementAndGet(), fast);

    long published = publish(fromB);
    ConsumerRecord<String, byte[]> record =
        TopicRecords.await(
                Topics.DELIVERY_STATUS,
                r -> r.key().equals(Long.toString(fromB.conversationId())),
                1,
                Duration.ofSeconds(30))
            .get(0);

    DeliveryAttempted report = json.readValue(record.value(), DeliveryAttempted.class);
    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.SENT);
    assertThat(record.timestamp() - published).isLessThan(1_000);
    assertThat(deferredOf(conversationA))
        .hasSize(fromA.size() - PER_COMPANY)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo(DeliveryOutcome.DEFERRED);
              assertThat(r.error()).contains("company has " + PER_COMPANY + " attempts");
            });
    assertThat(provider.findAll(postRequestedFor(urlEqualTo(hanging)))).hasSize(PER_COMPANY);
  }

  List<DeliveryAttempted> deferredOf(long conversation) {
    return TopicRecords.allUpToEnd(
            Topics.DELIVERY_STATUS, r -> r.key().equals(Long.toString(conversation)))
        .stream()
        .map(r -> json.readValue(r.value(), DeliveryAttempted.class))
        .filter(r -> r.outcome() == DeliveryOutcome.DEFERRED)
        .toList();
  }

  static OutboundMessageRequested request(
      long company, long channel, long conversation, String path) {
    return TestEvent.about(conversation)
        .company(company)
        .message(ids.incrementAndGet())
        .channel(channel)
        .outboundUrl("http://127.0.0.1:" + provider.port() + path)
        .outboundMessageRequested();
  }

  /** Publishes {@code request} as the API does; returns the broker's timestamp of the record. */
  long publish(OutboundMessageRequested request) throws Exception {
    var record =
        new ProducerRecord<>(
            Topics.OUTBOUND_MESSAGE,
            Long.toString(request.conversationId()),
            json.writeValueAsBytes(request));
    record
        .headers()
        .add(
            EventHeaders.EVENT_TYPE, OutboundMessageRequested.TYPE.getBytes(StandardCharsets.UTF_8))
        .add(EventHeaders.CORRELATION_ID, request.correlationId().getBytes(StandardCharsets.UTF_8));
    return kafka.send(record).get().getRecordMetadata().timestamp();
  }
}
