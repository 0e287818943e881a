package com.omnichannel.gateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.testing.TestSecrets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** One attempt against a stub provider, without Kafka. */
class ProviderClientTest {

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
  void aLoopbackAddressIsRejectedWithoutARequestUnlessPrivateNetworksAreAllowed() {
    provider.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
    var request = request(url("/hook"));

    Attempt strict = attempt(client(false), request);

    assertThat(strict.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(strict.httpStatus()).isNull();
    assertThat(strict.error()).contains("127.0.0.1", "OUTBOUND_ALLOW_PRIVATE_NETWORKS");
    assertThat(provider.findAll(anyRequestedFor(anyUrl()))).isEmpty();

    assertThat(attempt(client(true), request).outcome()).isEqualTo(DeliveryOutcome.SENT);
    assertThat(provider.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void aRedirectIsNotFollowed() {
    provider.stubFor(
        post("/moved")
            .willReturn(aResponse().withStatus(307).withHeader("Location", url("/elsewhere"))));
    provider.stubFor(post("/elsewhere").willReturn(aResponse().withStatus(200)));

    Attempt attempt = attempt(client(true), request(url("/moved")));

    assertThat(attempt.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(attempt.httpStatus()).isEqualTo(307);
    assertThat(provider.findAll(postRequestedFor(urlEqualTo("/elsewhere")))).isEmpty();
  }

  @Test
  void aHugeResponseBodyIsReadOnlyAsFarAsNeeded() {
    provider.stubFor(
        post("/huge").willReturn(aResponse().withStatus(500).withBody("e".repeat(5_000_000))));

    Attempt attempt = attempt(client(true), request(url("/huge")));

    assertThat(attempt).isEqualTo(Attempt.retryable(500, "HTTP 500", null));
  }

  @Test
  void aRefusedConnectionIsRetryable() {
    int closedPort = provider.port();
    provider.stop();

    Attempt attempt = attempt(client(true), request("http://127.0.0.1:" + closedPort + "/hook"));

    assertThat(attempt.outcome()).isEqualTo(DeliveryOutcome.RETRYABLE);
    assertThat(attempt.error()).startsWith("could not connect");
  }

  static Attempt attempt(ProviderClient client, OutboundMessageRequested request) {
    try {
      return client.attempt(request).get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      client.destroy();
    }
  }

  static ProviderClient client(boolean allowPrivateNetworks) {
    var settings =
        new OutboundProperties(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            allowPrivateNetworks,
            64,
            2000,
            Duration.ofSeconds(50));
    JsonMapper json = JsonMapper.builder().build();
    return new ProviderClient(
        settings,
        new ProviderResponses(json, Clock.systemUTC(), settings),
        new ProviderRequests(TestSecrets.BOX, json));
  }

  static OutboundMessageRequested request(String url) {
    return TestEvent.about(2)
        .message(3)
        .channel(4)
        .outboundUrl(url)
        .body("{\"text\":\"hi\"}")
        .correlationId("corr-1")
        .outboundMessageRequested();
  }

  String url(String path) {
    return "http://127.0.0.1:" + provider.port() + path;
  }
}
