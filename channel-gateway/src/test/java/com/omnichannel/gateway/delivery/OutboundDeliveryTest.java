package com.omnichannel.gateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.ProviderCredentials;
import com.omnichannel.contracts.Topics;
import com.omnichannel.gateway.GatewayApplication;
import com.omnichannel.testing.ImportTestInfrastructure;
import com.omnichannel.testing.StubProvider;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.testing.TestSecrets;
import com.omnichannel.testing.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway alone against a real broker and a stub provider: each request yields one HTTP attempt
 * and one report, and a slow provider holds up nobody else.
 */
@SpringBootTest(
    properties = {
      "spring.config.name=" + GatewayApplication.CONFIG_NAME,
      "omni.secrets.key=" + TestSecrets.KEY,
      // The stub provider listens on 127.0.0.1.
      "omni.outbound.allow-private-networks=true",
      "omni.outbound.connect-timeout=1s",
      "omni.outbound.response-timeout=2s",
      "omni.outbound.max-in-flight-per-channel=" + OutboundDeliveryTest.PER_CHANNEL_LIMIT
    })
@ImportTestInfrastructure
// Closed afterwards: a gateway left running would also consume the records of later tests.
@DirtiesContext
class OutboundDeliveryTest {

  static final int PER_CHANNEL_LIMIT = 8;

  /** Longer than the response timeout: a provider that never answers in time. */
  static final int HANGING_MILLIS = 6_000;

  /** Ids no other test run uses, so records of earlier runs on the shared topics do not match. */
  static final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1_000);

  static WireMockServer provider;

  @Autowired KafkaTemplate<String, byte[]> kafka;
  @Autowired JsonMapper json;
  @Autowired MeterRegistry meters;
  @Autowired ApplicationContext context;

  @BeforeAll
  static void startProvider() {
    provider = StubProvider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.stop();
  }

  @Test
  void theGatewayHasNoDatabase() {
    assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
  }

  @Test
  void acceptedMessageIsSentWithTheProvidersIdAndTheExactRequest() throws Exception {
    String path = stub(200, "{\"id\":\"prov-1\",\"status\":\"queued\"}");
    String body = "{\"to\":\"+15550100\",  \"text\":\"Olá, ação ✓\"}";
    var request =
        TestEvent.about(ids.incrementAndGet())
            .message(ids.incrementAndGet())
            .channel(ids.incrementAndGet())
            .outboundUrl(url(path))
            .body(body)
            .signature("sha256=0123456789abcdef")
            .correlationId("corr-" + ids.incrementAndGet())
            .outboundMessageRequested();

    publish(request);
    DeliveryAttempted report = reportOn(request);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.SENT);
    assertThat(report.httpStatus()).isEqualTo(200);
    assertThat(report.providerMessageId()).isEqualTo("prov-1");
    assertThat(report.error()).isNull();
    assertThat(report.messageId()).isEqualTo(request.messageId());
    assertThat(report.attempt()).isEqualTo(1);
    List<LoggedRequest> received = provider.findAll(postRequestedFor(urlEqualTo(path)));
    assertThat(received).hasSize(1);
    LoggedRequest sent = received.get(0);
    assertThat(sent.getBody()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(sent.getHeader("Idempotency-Key")).isEqualTo(Long.toString(request.messageId()));
    assertThat(sent.getHeader("X-Hub-Signature-256")).isEqualTo("sha256=0123456789abcdef");
    assertThat(sent.getHeader("X-Correlation-Id")).isEqualTo(request.correlationId());
    assertThat(sent.getHeader("User-Agent")).isEqualTo(ProviderClient.USER_AGENT);
  }

  @Test
  void aProvidersRequestOpensItsCredentialsWithTheDeploymentsKey() throws Exception {
    String path = stub(200, WhatsAppAnswersTest.SENT);
    long message = ids.incrementAndGet();
    String sealed =
        TestSecrets.BOX.seal(
            "{\"authorization\":\"Bearer demo-whatsapp-access-token\",\"url\":null}",
            ProviderCredentials.context(message));
    var request =
        OutboundMessageRequested.of(
            Instant.now(),
            1,
            ids.incrementAndGet(),
            message,
            ids.incrementAndGet(),
            1,
            url(path),
            "{\"messaging_product\":\"whatsapp\",\"to\":\"15550001122\",\"type\":\"text\"}",
            null,
            "corr-" + message,
            "whatsapp_cloud",
            null,
            sealed);

    publish(request);
    DeliveryAttempted report = reportOn(request);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.SENT);
    assertThat(report.providerMessageId())
        .isEqualTo("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
    LoggedRequest sent = provider.findAll(postRequestedFor(urlEqualTo(path))).get(0);
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer demo-whatsapp-access-token");
    assertThat(sent.containsHeader("Idempotency-Key")).isFalse();
  }

  @Test
  void theReportCarriesTheEventTypeAndTheRequestsCorrelationId() throws Exception {
    var request = request(url(stub(204, "")));

    publish(request);
    ConsumerRecord<String, byte[]> record = reportRecordOn(request);

    assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo(DeliveryAttempted.TYPE);
    assertThat(header(record, EventHeaders.CORRELATION_ID)).isEqualTo(request.correlationId());
    DeliveryAttempted report = json.readValue(record.value(), DeliveryAttempted.class);
    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.SENT);
    assertThat(report.providerMessageId()).isNull();
  }

  @Test
  void unavailableProviderIsRetryableAfterTheWaitItAskedFor() throws Exception {
    String path = "/provider-" + ids.incrementAndGet();
    provider.stubFor(
        post(path)
            .willReturn(
                aResponse().withStatus(503).withHeader("Retry-After", "7").withBody("busy")));
    var request = request(url(path));

    publish(request);
    DeliveryAttempted report = reportOn(request);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.RETRYABLE);
    assertThat(report.httpStatus()).isEqualTo(503);
    assertThat(report.retryAfterMillis()).isEqualTo(7_000L);
    assertThat(report.error()).isEqualTo("HTTP 503");
  }

  @Test
  void badRequestIsRejected() throws Exception {
    var request = request(url(stub(400, "{\"error\":\"unknown recipient\"}")));

    publish(request);
    DeliveryAttempted report = reportOn(request);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(report.httpStatus()).isEqualTo(400);
    // The status alone: a tenant reads the error, and the body is its endpoint's to say.
    assertThat(report.error()).isEqualTo("HTTP 400");
    assertThat(report.retryAfterMillis()).isNull();
  }

  @Test
  void connectionResetIsRetryable() throws Exception {
    String path = "/provider-" + ids.incrementAndGet();
    provider.stubFor(post(path).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    var request = request(url(path));

    publish(request);
    DeliveryAttempted report = reportOn(request);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.RETRYABLE);
    assertThat(report.httpStatus()).isNull();
    assertThat(report.error()).startsWith("connection failed");
  }

  @Test
  void providerThatDoesNotAnswerInTimeIsRetryable() throws Exception {
    var request = request(url(hangingStub()));

    publish(request);
    DeliveryAttempted report = reportOn(request);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.RETRYABLE);
    assertThat(report.httpStatus()).isNull();
    assertThat(report.error()).isEqualTo("timed out after 2 s");
  }

  @Test
  void aHangingChannelDoesNotDelayAnotherChannel() throws Exception {
    String hanging = hangingStub();
    long slowChannel = ids.incrementAndGet();
    for (int i = 0; i < PER_CHANNEL_LIMIT + 4; i++) {
      publish(request(slowChannel, ids.incrementAndGet(), url(hanging), Instant.now()));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> provider.findAll(postRequestedFor(urlEqualTo(hanging))).size(),
            n -> n == PER_CHANNEL_LIMIT);
    var other = request(url(stub(200, "{\"id\":\"fast\"}")));

    long published = publish(other);
    ConsumerRecord<String, byte[]> record = reportRecordOn(other);

    DeliveryAttempted report = json.readValue(record.value(), DeliveryAttempted.class);
    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.SENT);
    assertThat(record.timestamp() - published).isLessThan(1_000);
    assertThat(provider.findAll(postRequestedFor(urlEqualTo(hanging)))).hasSize(PER_CHANNEL_LIMIT);
  }

  @Test
  void aChannelAtItsLimitIsDeferredAtOnce() throws Exception {
    String hanging = hangingStub();
    long channel = ids.incrementAndGet();
    long conversation = ids.incrementAndGet();
    // One conversation, so one partition: the requests are read in this order.
    List<OutboundMessageRequested> requests = new ArrayList<>();
    for (int i = 0; i <= PER_CHANNEL_LIMIT; i++) {
      requests.add(request(channel, conversation, url(hanging), Instant.now()));
    }
    for (var request : requests) {
      publish(request);
    }

    List<DeliveryAttempted> reports = reportsOn(conversation, PER_CHANNEL_LIMIT + 1);

    OutboundMessageRequested last = requests.get(PER_CHANNEL_LIMIT);
    assertThat(reports)
        .filteredOn(r -> r.outcome().equals(DeliveryOutcome.DEFERRED))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.messageId()).isEqualTo(last.messageId());
              assertThat(r.retryAfterMillis()).isEqualTo(1_000L);
              assertThat(r.httpStatus()).isNull();
            });
    assertThat(reports)
        .filteredOn(r -> r.outcome().equals(DeliveryOutcome.RETRYABLE))
        .hasSize(PER_CHANNEL_LIMIT);
    assertThat(provider.findAll(postRequestedFor(urlEqualTo(hanging)))).hasSize(PER_CHANNEL_LIMIT);
  }

  @Test
  void linkLocalAddressIsRejectedWithoutARequest() throws Exception {
    var request = request("http://169.254.169.254/latest");

    publish(request);
    DeliveryAttempted report = reportOn(request);

    // Without the check, the attempt would time out connecting and be reported retryable.
    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(report.httpStatus()).isNull();
    assertThat(report.error()).contains("link-local");
  }

  @Test
  void expiredRequestIsSkippedWithoutARequestOrAReport() throws Exception {
    String expiredPath = stub(200, "{\"id\":\"never\"}");
    long channel = ids.incrementAndGet();
    long conversation = ids.incrementAndGet();
    var expired = request(channel, conversation, url(expiredPath), Instant.now().minusSeconds(120));
    // Same conversation, same partition, read after it: its report shows the expired one was read.
    var fresh = request(channel, conversation, url(stub(200, "{}")), Instant.now());
    double expiredBefore = expiredCount();

    publish(expired);
    publish(fresh);

    assertThat(reportsOn(conversation, 1).get(0).messageId()).isEqualTo(fresh.messageId());
    assertThat(
            TopicRecords.allUpToEnd(
                Topics.DELIVERY_STATUS, r -> r.key().equals(Long.toString(conversation))))
        .hasSize(1);
    assertThat(provider.findAll(postRequestedFor(urlEqualTo(expiredPath)))).isEmpty();
    assertThat(expiredCount()).isEqualTo(expiredBefore + 1);
  }

  @Test
  void unreadableRecordsGoToTheDeadLetterTopic() throws Exception {
    String notJson = Long.toString(ids.incrementAndGet());
    String missingFields = Long.toString(ids.incrementAndGet());
    send(notJson, "not json".getBytes(StandardCharsets.UTF_8));
    send(
        missingFields,
        "{\"event_type\":\"OutboundMessageRequested\",\"message_id\":5}"
            .getBytes(StandardCharsets.UTF_8));

    List<ConsumerRecord<String, byte[]>> dead =
        TopicRecords.await(
            Topics.deadLetterOf(Topics.OUTBOUND_MESSAGE),
            r -> r.key().equals(notJson) || r.key().equals(missingFields),
            2,
            Duration.ofSeconds(30));

    assertThat(dead)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder(notJson, missingFields);
  }

  OutboundMessageRequested request(String url) {
    return request(ids.incrementAndGet(), ids.incrementAndGet(), url, Instant.now());
  }

  static OutboundMessageRequested request(
      long channel, long conversation, String url, Instant occurredAt) {
    return TestEvent.about(conversation)
        .message(ids.incrementAndGet())
        .channel(channel)
        .outboundUrl(url)
        .at(occurredAt)
        .outboundMessageRequested();
  }

  /** A path of its own that answers {@code status} with {@code body}. */
  static String stub(int status, String body) {
    String path = "/provider-" + ids.incrementAndGet();
    provider.stubFor(post(path).willReturn(aResponse().withStatus(status).withBody(body)));
    return path;
  }

  static String hangingStub() {
    String path = "/hanging-" + ids.incrementAndGet();
    provider.stubFor(
        post(path).willReturn(aResponse().withStatus(200).withFixedDelay(HANGING_MILLIS)));
    return path;
  }

  static String url(String path) {
    return "http://127.0.0.1:" + provider.port() + path;
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

  void send(String key, byte[] value) throws Exception {
    kafka.send(new ProducerRecord<>(Topics.OUTBOUND_MESSAGE, key, value)).get();
  }

  DeliveryAttempted reportOn(OutboundMessageRequested request) {
    return json.readValue(reportRecordOn(request).value(), DeliveryAttempted.class);
  }

  ConsumerRecord<String, byte[]> reportRecordOn(OutboundMessageRequested request) {
    return TopicRecords.await(
            Topics.DELIVERY_STATUS,
            r ->
                r.key().equals(Long.toString(request.conversationId()))
                    && json.readValue(r.value(), DeliveryAttempted.class).messageId()
                        == request.messageId(),
            1,
            Duration.ofSeconds(30))
        .get(0);
  }

  List<DeliveryAttempted> reportsOn(long conversation, int count) {
    return TopicRecords.await(
            Topics.DELIVERY_STATUS,
            r -> r.key().equals(Long.toString(conversation)),
            count,
            Duration.ofSeconds(30))
        .stream()
        .map(r -> json.readValue(r.value(), DeliveryAttempted.class))
        .toList();
  }

  double expiredCount() {
    Counter counter = meters.find("omni.deliveries").tag("outcome", "expired").counter();
    return counter == null ? 0 : counter.count();
  }

  static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
