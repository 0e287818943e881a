package com.omnichannel.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A look-up never holds its caller past the timeout, and look-ups in progress are bounded. */
class HostLookupTest {

  final CountDownLatch answer = new CountDownLatch(1);
  final AtomicInteger started = new AtomicInteger();
  final CountDownLatch twoStarted = new CountDownLatch(2);
  final CountDownLatch oneStarted = new CountDownLatch(1);

  /** Answers 8.8.8.8, once the test lets it. */
  final HostLookup.Resolver hanging =
      host -> {
        started.incrementAndGet();
        twoStarted.countDown();
        oneStarted.countDown();
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

  @Test
  void spellingsOfOneHostShareOneLookUpOfItsNormalName() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    HostLookup.Resolver recording =
        host -> {
          asked.add(host);
          return hanging.resolve(host);
        };
    try (var lookup = new HostLookup(recording, 1, Duration.ofMillis(300))) {
      var first = CompletableFuture.supplyAsync(() -> lookup.resolve("Same.Example."));
      assertThat(first.get(10, TimeUnit.SECONDS).failure()).isEqualTo(HostLookup.Failure.TIMED_OUT);

      // The one thread still waits for the first answer: another spelling shares it.
      HostLookup.Answer second = lookup.resolve("same.example");

      assertThat(second.failure()).isEqualTo(HostLookup.Failure.TIMED_OUT);
      assertThat(asked).containsExactly("same.example");
    }
  }

  @Test
  void aRememberedAnswerNeedsNoThreadAndIsJudgedOnEveryCheck() throws Exception {
    AtomicInteger known = new AtomicInteger();
    HostLookup.Resolver resolver =
        host -> {
          if (host.equals("known.example")) {
            known.incrementAndGet();
            return new InetAddress[] {InetAddress.getByName("10.0.0.7")};
          }
          return hanging.resolve(host);
        };
    try (var lookup = new HostLookup(resolver, 1, Duration.ofSeconds(30), Duration.ofMinutes(1))) {
      assertThat(lookup.resolve("known.example").failure()).isNull();
      var other = CompletableFuture.supplyAsync(() -> lookup.resolve("hanging.example"));
      assertThat(oneStarted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(lookup.resolve("elsewhere.example").failure()).isEqualTo(HostLookup.Failure.BUSY);

      HostLookup.Answer again = lookup.resolve("KNOWN.example.");

      assertThat(again.addresses()).containsExactly(InetAddress.getByName("10.0.0.7"));
      assertThat(new OutboundAddressPolicy(false).checkHost("known.example", lookup).kind())
          .isEqualTo(AddressCheck.Kind.REFUSED);
      assertThat(new OutboundAddressPolicy(true).checkHost("known.example", lookup).allowed())
          .isTrue();
      assertThat(known).hasValue(1);
      answer.countDown();
      assertThat(other.get(10, TimeUnit.SECONDS).failure()).isNull();
    }
  }

  @Test
  void aFailureIsNotRememberedAndAnAnswerOnlyForItsTime() {
    AtomicInteger lookups = new AtomicInteger();
    HostLookup.Resolver failingOnce =
        host -> {
          if (lookups.getAndIncrement() == 0) {
            throw new UnknownHostException(host);
          }
          return new InetAddress[] {InetAddress.getByName("8.8.8.8")};
        };
    AtomicLong now = new AtomicLong();
    try (var lookup =
        new HostLookup(failingOnce, 2, Duration.ofSeconds(2), Duration.ofSeconds(5), now::get)) {
      assertThat(lookup.resolve("flaky.example").failure())
          .isEqualTo(HostLookup.Failure.UNKNOWN_HOST);
      assertThat(lookup.resolve("flaky.example").failure()).isNull();
      now.addAndGet(Duration.ofSeconds(4).toNanos());
      assertThat(lookup.resolve("flaky.example").failure()).isNull();
      assertThat(lookups).hasValue(2);

      now.addAndGet(Duration.ofSeconds(1).toNanos());
      assertThat(lookup.resolve("flaky.example").failure()).isNull();

      assertThat(lookups).hasValue(3);
    }
  }
}
