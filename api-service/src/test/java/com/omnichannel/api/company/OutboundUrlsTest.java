package com.omnichannel.api.company;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ServiceUnavailableException;
import com.omnichannel.contracts.HostLookup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a tenant gets for an outbound URL whose host is slow, or when look-ups are saturated. */
class OutboundUrlsTest {

  final CountDownLatch answer = new CountDownLatch(1);
  final CountDownLatch started = new CountDownLatch(OutboundUrls.LOOKUP_THREADS);

  /** Answers a public address, once the test lets it. */
  final HostLookup.Resolver hanging =
      host -> {
        started.countDown();
        try {
          answer.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new InetAddress[] {InetAddress.getByName("203.0.113.10")};
      };

  @AfterEach
  void letTheLookUpsEnd() {
    answer.countDown();
  }

  @Test
  void aHostThatDoesNotResolveInTimeIsABadRequestNamingTheField() {
    OutboundUrls urls = urls(Duration.ofMillis(300), List.of());

    assertThatThrownBy(
            () -> urls.check("https://slow.example/v23.0", "provider_config.api_base_url"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "provider_config.api_base_url host slow.example does not resolve within 300 ms");
    urls.destroy();
  }

  @Test
  void aHostThatDoesNotResolveIsABadRequest() {
    var properties =
        new OutboundProperties(
            false,
            List.of(),
            Duration.ofSeconds(2),
            8,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofSeconds(60),
            Duration.ofMillis(250),
            Duration.ZERO);
    HostLookup.Resolver none =
        host -> {
          throw new UnknownHostException(host);
        };
    OutboundUrls urls = new OutboundUrls(properties, Optional.of(none));

    assertThatThrownBy(() -> urls.check("https://nowhere.example/hook", "outbound_url"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("outbound_url host nowhere.example does not resolve");
    urls.destroy();
  }

  @Test
  void whenEveryLookUpIsInProgressACheckIsRefusedAtOnceWithRetryAfter() throws Exception {
    OutboundUrls urls = urls(Duration.ofSeconds(30), List.of());
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    for (int i = 0; i < OutboundUrls.LOOKUP_THREADS; i++) {
      String url = "https://tenant-" + i + ".example/hook";
      waiting.add(CompletableFuture.runAsync(() -> urls.check(url, "outbound_url")));
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    long before = System.nanoTime();
    assertThatThrownBy(() -> urls.check("https://one-more.example/hook", "outbound_url"))
        .isInstanceOfSatisfying(
            ServiceUnavailableException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1))
        .hasMessageContaining("one-more.example cannot be looked up now");
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));

    answer.countDown();
    for (var check : waiting) {
      assertThatCode(() -> check.get(10, TimeUnit.SECONDS)).doesNotThrowAnyException();
    }
    urls.destroy();
  }

  @Test
  void anAllowedHostMayResolveToAPrivateAddressAndNoOtherMay() {
    HostLookup.Resolver privateNetwork =
        host -> new InetAddress[] {InetAddress.getByName("10.0.0.5")};
    var properties =
        new OutboundProperties(
            false,
            List.of("provider-simulator"),
            Duration.ofSeconds(2),
            8,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofSeconds(60),
            Duration.ofMillis(250),
            Duration.ZERO);
    OutboundUrls urls = new OutboundUrls(properties, Optional.of(privateNetwork));

    assertThatCode(() -> urls.check("http://provider-simulator:8003/messages", "outbound_url"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> urls.check("http://tenant.example/hook", "outbound_url"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("loopback or private");
    urls.destroy();
  }

  OutboundUrls urls(Duration dnsTimeout, List<String> allowedHosts) {
    var properties =
        new OutboundProperties(
            false,
            allowedHosts,
            dnsTimeout,
            8,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofSeconds(60),
            Duration.ofMillis(250),
            Duration.ZERO);
    return new OutboundUrls(properties, Optional.of(hanging));
  }
}
