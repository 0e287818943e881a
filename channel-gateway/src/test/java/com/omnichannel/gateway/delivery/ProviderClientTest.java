package com.omnichannel.gateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.HostLookup;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.testing.TestSecrets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
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

  /**
   * A SOCKS proxy named in the system properties would resolve and reach hosts of its own, past the
   * checked address. (The JDK never proxies loopback addresses, so the target is a public one.)
   */
  @Test
  void aPlainSocketNeverGoesThroughASocksProxyNamedInTheSystemProperties() throws Exception {
    try (var proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      proxy.setSoTimeout(200);
      System.setProperty("socksProxyHost", "127.0.0.1");
      System.setProperty("socksProxyPort", Integer.toString(proxy.getLocalPort()));
      try (Socket socket = ProviderConnections.PLAIN_SOCKETS.create(null)) {
        socket.setSoTimeout(200);
        socket.connect(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 443), 200);
      } catch (IOException e) {
        // No test leaves this machine: the documentation address does not answer.
      } finally {
        System.clearProperty("socksProxyHost");
        System.clearProperty("socksProxyPort");
      }

      assertThatThrownBy(proxy::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  /**
   * DNS rebinding: the host answers a public address to the look-up that is checked and the stub's
   * loopback address to any later one. The connection goes to the checked address (which no test
   * may reach, so the socket double refuses it), never to the later one; the next attempt's look-up
   * gets the loopback address, which the policy refuses. The stub on 127.0.0.1 sees no request.
   */
  @Test
  void theConnectionGoesOnlyToTheAddressThatWasCheckedWhateverDnsAnswersLater() throws Exception {
    provider.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
    InetAddress checked = InetAddress.getByName("203.0.113.7");
    AtomicInteger lookups = new AtomicInteger();
    HostLookup.Resolver rebinding =
        host ->
            new InetAddress[] {
              lookups.getAndIncrement() == 0 ? checked : InetAddress.getByName("127.0.0.1")
            };
    List<InetSocketAddress> connections = new CopyOnWriteArrayList<>();
    DetachedSocketFactory sockets =
        socksProxy ->
            new Socket() {
              @Override
              public void connect(SocketAddress endpoint, int timeout) throws IOException {
                InetSocketAddress target = (InetSocketAddress) endpoint;
                connections.add(target);
                if (!target.getAddress().isLoopbackAddress()) {
                  throw new ConnectException("Connection refused (no test leaves this machine)");
                }
                super.connect(endpoint, timeout);
              }
            };
    ProviderClient client = client(false, rebinding, sockets);
    var request = request("http://rebinding.example:" + provider.port() + "/hook");

    try {
      Attempt first = client.attempt(request).get(10, TimeUnit.SECONDS);
      Attempt second = client.attempt(request).get(10, TimeUnit.SECONDS);

      assertThat(first.outcome()).isEqualTo(DeliveryOutcome.RETRYABLE);
      assertThat(first.error()).startsWith("could not connect");
      assertThat(second.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
      assertThat(second.error()).contains("rebinding.example", "127.0.0.1", "loopback or private");
      assertThat(connections).containsExactly(new InetSocketAddress(checked, provider.port()));
      assertThat(lookups).hasValue(2);
      assertThat(provider.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    } finally {
      client.destroy();
    }
  }

  @Test
  void aHostThatDoesNotResolveInTimeIsRetryableWithoutARequest() throws Exception {
    provider.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
    CountDownLatch answer = new CountDownLatch(1);
    HostLookup.Resolver hanging =
        host -> {
          try {
            answer.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        };
    ProviderClient client = client(true, hanging, ProviderConnections.PLAIN_SOCKETS);

    try {
      Attempt attempt =
          client
              .attempt(request("http://slow-dns.example:" + provider.port() + "/hook"))
              .get(10, TimeUnit.SECONDS);

      assertThat(attempt)
          .isEqualTo(
              Attempt.retryable(
                  null, "outbound_url host slow-dns.example does not resolve within 2 s", null));
      assertThat(provider.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    } finally {
      answer.countDown();
      client.destroy();
    }
  }

  /**
   * The JDK reports a name server's failure (SERVFAIL, EAI_AGAIN) as it reports a name that does
   * not exist: an attempt must not end for good on a resolver's hiccup.
   */
  @Test
  void aHostThatDoesNotResolveIsRetryableAndALaterAttemptIsSent() throws Exception {
    provider.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
    AtomicInteger lookups = new AtomicInteger();
    HostLookup.Resolver hiccup =
        host -> {
          if (lookups.getAndIncrement() == 0) {
            throw new UnknownHostException(host + ": Temporary failure in name resolution");
          }
          return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        };
    ProviderClient client = client(true, hiccup, ProviderConnections.PLAIN_SOCKETS);
    var request = request("http://flaky-dns.example:" + provider.port() + "/hook");

    try {
      Attempt first = client.attempt(request).get(10, TimeUnit.SECONDS);
      Attempt second = client.attempt(request).get(10, TimeUnit.SECONDS);

      assertThat(first)
          .isEqualTo(
              Attempt.retryable(
                  null, "outbound_url host flaky-dns.example does not resolve", null));
      assertThat(second.outcome()).isEqualTo(DeliveryOutcome.SENT);
      assertThat(lookups).hasValue(2);
      assertThat(provider.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(1);
    } finally {
      client.destroy();
    }
  }

  @Test
  void anAllowedHostMayResolveToALoopbackAddressWhenPrivateNetworksAreNot() throws Exception {
    provider.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
    HostLookup.Resolver simulator = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    var settings = settings(false);
    var allowing =
        new OutboundProperties(
            settings.connectTimeout(),
            settings.responseTimeout(),
            false,
            List.of("provider-simulator"),
            settings.dnsTimeout(),
            64,
            500,
            2000,
            settings.requestExpiry());
    JsonMapper json = JsonMapper.builder().build();
    var connections =
        new ProviderConnections(allowing, simulator, ProviderConnections.PLAIN_SOCKETS);
    var client =
        new ProviderClient(
            allowing,
            new ProviderResponses(json, Clock.systemUTC(), allowing),
            new ProviderRequests(TestSecrets.BOX, json),
            connections);

    try {
      Attempt allowed =
          client
              .attempt(request("http://provider-simulator:" + provider.port() + "/hook"))
              .get(10, TimeUnit.SECONDS);
      Attempt other =
          client
              .attempt(request("http://tenant.example:" + provider.port() + "/hook"))
              .get(10, TimeUnit.SECONDS);

      assertThat(allowed.outcome()).isEqualTo(DeliveryOutcome.SENT);
      assertThat(other.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
      assertThat(other.error()).contains("tenant.example", "loopback or private");
      assertThat(provider.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    } finally {
      client.destroy();
      connections.close();
    }
  }

  static Attempt attempt(ProviderClient client, OutboundMessageRequested request) {
    try {
      return client.attempt(request).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      client.destroy();
    }
  }

  static ProviderClient client(boolean allowPrivateNetworks) {
    return client(allowPrivateNetworks, HostLookup.SYSTEM, ProviderConnections.PLAIN_SOCKETS);
  }

  /**
   * A client whose look-ups ask {@code resolver} and whose sockets {@code sockets} make. It
   * remembers no answer, so that every connection's look-up is the resolver's.
   */
  static ProviderClient client(
      boolean allowPrivateNetworks, HostLookup.Resolver resolver, DetachedSocketFactory sockets) {
    var settings = settings(allowPrivateNetworks);
    JsonMapper json = JsonMapper.builder().build();
    var connections = new ProviderConnections(settings, resolver, sockets, Duration.ZERO);
    return new ProviderClient(
        settings,
        new ProviderResponses(json, Clock.systemUTC(), settings),
        new ProviderRequests(TestSecrets.BOX, json),
        connections) {
      @Override
      public void destroy() {
        super.destroy();
        connections.close();
      }
    };
  }

  static OutboundProperties settings(boolean allowPrivateNetworks) {
    return new OutboundProperties(
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        allowPrivateNetworks,
        List.of(),
        Duration.ofSeconds(2),
        64,
        500,
        2000,
        Duration.ofSeconds(50));
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
