package com.omnichannel.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A look-up never holds its caller past the timeout, and look-ups in progress are bounded. */
class HostLookupTest {

  final CountDownLatch answer = new CountDownLatch(1);
  final AtomicInteger started = new AtomicInteger();
  final CountDownLatch twoStarted = new CountDownLatch(2);

  /** Answers 8.8.8.8, once the test lets it. */
  final HostLookup.Resolver hanging =
      host -> {
        started.incrementAndGet();
        twoStarted.countDown();
        try {
          answer.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new InetAddress[] {InetAddress.getByName("8.8.8.8")};
      };

  @AfterEach
  void letTheLookUpsEnd() {
    answer.countDown();
  }

  @Test
  void aLookUpPastTheTimeoutIsAnsweredAsTimedOutAndTheHostIsRefusedAsNotResolvingInTime() {
    try (var lookup = new HostLookup(hanging, 2, Duration.ofMillis(200))) {
      long started = System.nanoTime();

      HostLookup.Answer timedOut = lookup.resolve("slow.example");

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
      assertThat(timedOut.failure()).isEqualTo(HostLookup.Failure.TIMED_OUT);
      AddressCheck check = new OutboundAddressPolicy(false).check("https://slow.example/", lookup);
      assertThat(check.kind()).isEqualTo(AddressCheck.Kind.TIMED_OUT);
      assertThat(check.reason())
          .isEqualTo("outbound_url host slow.example does not resolve within 200 ms");
    }
  }

  @Test
  void whenEveryLookUpThreadIsBusyALookUpIsRefusedAtOnce() throws Exception {
    try (var lookup = new HostLookup(hanging, 2, Duration.ofSeconds(30))) {
      var first = CompletableFuture.supplyAsync(() -> lookup.resolve("one.example"));
      var second = CompletableFuture.supplyAsync(() -> lookup.resolve("two.example"));
      assertThat(twoStarted.await(10, TimeUnit.SECONDS)).isTrue();

      HostLookup.Answer third = lookup.resolve("three.example");

      assertThat(third.failure()).isEqualTo(HostLookup.Failure.BUSY);
      assertThat(new OutboundAddressPolicy(false).checkHost("three.example", lookup).kind())
          .isEqualTo(AddressCheck.Kind.BUSY);
      answer.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).addresses()).hasSize(1);
      assertThat(second.get(10, TimeUnit.SECONDS).failure()).isNull();
    }
  }

  @Test
  void lookUpsOfOneHostInProgressShareOneThread() throws Exception {
    try (var lookup = new HostLookup(hanging, 1, Duration.ofMillis(300))) {
      var first = CompletableFuture.supplyAsync(() -> lookup.resolve("same.example"));
      assertThat(first.get(10, TimeUnit.SECONDS).failure()).isEqualTo(HostLookup.Failure.TIMED_OUT);

      // The one thread still waits for the first answer: a look-up of its own would be refused.
      HostLookup.Answer second = lookup.resolve("same.example");

      assertThat(second.failure()).isEqualTo(HostLookup.Failure.TIMED_OUT);
      assertThat(started).hasValue(1);
      assertThat(lookup.resolve("other.example").failure()).isEqualTo(HostLookup.Failure.BUSY);
    }
  }
}
