package com.omnichannel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's rhythm, with a poll interval far longer than any test may take: whatever runs a round
 * within the tests' waits was not the poll. Each wait is on a latch or a queue, with a deadline.
 */
class BackgroundLoopTest {

  private static final Duration NEVER = Duration.ofHours(1);
  private static final long WAIT_SECONDS = 10;

  private BackgroundLoop loop;

  @AfterEach
  void stopTheLoop() {
    if (loop != null) {
      loop.stop();
    }
  }

  @Test
  void aRoundRunsAtStartAndAWakeUpRunsTheNextOneAtOnce() throws InterruptedException {
    BlockingQueue<Integer> rounds = new LinkedBlockingQueue<>();
    AtomicInteger count = new AtomicInteger();
    loop =
        BackgroundLoop.named("test-loop")
            .pollInterval(NEVER)
            .rounds(
                () -> {
                  rounds.add(count.incrementAndGet());
                  return false;
                });

    loop.start();
    assertThat(rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    loop.wake();

    assertThat(rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void aRoundWithMoreWaitingIsFollowedByTheNextWithoutWaiting() throws InterruptedException {
    CountDownLatch fourRounds = new CountDownLatch(4);
    loop =
        BackgroundLoop.named("test-loop")
            .pollInterval(NEVER)
            // Spacing holds back woken rounds only, never the next of a round with more waiting.
            .roundSpacing(NEVER)
            .rounds(
                () -> {
                  fourRounds.countDown();
                  return fourRounds.getCount() > 0;
                });

    loop.start();

    assertThat(fourRounds.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aWokenRoundBeginsNoSoonerThanTheSpacingAfterTheOneBefore() throws InterruptedException {
    Duration spacing = Duration.ofMillis(300);
    BlockingQueue<Long> starts = new LinkedBlockingQueue<>();
    loop =
        BackgroundLoop.named("test-loop")
            .pollInterval(NEVER)
            .roundSpacing(spacing)
            .rounds(
                () -> {
                  starts.add(System.nanoTime());
                  return false;
                });

    loop.start();
    long first = starts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    loop.wake();
    long second = starts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    // Wake-ups during the wait are one round, not one each.
    loop.wake();
    loop.wake();
    long third = starts.poll(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(second - first).isGreaterThanOrEqualTo(spacing.toNanos());
    assertThat(third - second).isGreaterThanOrEqualTo(spacing.toNanos());
    assertThat(starts.poll(spacing.toMillis() * 2, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aFailingRoundBacksOffLongerEachTimeUpToTheLimitAndTheLoopRecovers()
      throws InterruptedException {
    BlockingQueue<Duration> backoffs = new LinkedBlockingQueue<>();
    AtomicInteger failuresLeft = new AtomicInteger(4);
    CountDownLatch recovered = new CountDownLatch(1);
    loop =
        BackgroundLoop.named("test-loop")
            .pollInterval(NEVER)
            .backOff(Duration.ofMillis(10), Duration.ofMillis(40))
            .onFailure((failure, retryIn) -> backoffs.add(retryIn))
            .rounds(
                () -> {
                  if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("down");
                  }
                  recovered.countDown();
                  return false;
                });

    loop.start();

    assertThat(recovered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(backoffs)
        .containsExactly(
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            Duration.ofMillis(40),
            Duration.ofMillis(40));
  }

  @Test
  void theBackOffStartsOverAfterARoundThatWorks() throws InterruptedException {
    BlockingQueue<Duration> backoffs = new LinkedBlockingQueue<>();
    AtomicInteger round = new AtomicInteger();
    loop =
        BackgroundLoop.named("test-loop")
            .pollInterval(NEVER)
            .backOff(Duration.ofMillis(10), Duration.ofMillis(40))
            .onFailure((failure, retryIn) -> backoffs.add(retryIn))
            .rounds(
                () -> {
                  // Fails, fails, works with more waiting, fails.
                  int n = round.incrementAndGet();
                  if (n == 3) {
                    return true;
                  }
                  if (n <= 4) {
                    throw new IllegalStateException("down");
                  }
                  return false;
                });

    loop.start();

    List<Duration> seen =
        List.of(
            backoffs.poll(WAIT_SECONDS, TimeUnit.SECONDS),
            backoffs.poll(WAIT_SECONDS, TimeUnit.SECONDS),
            backoffs.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertThat(seen)
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(10));
  }

  @Test
  void stopInterruptsTheRoundAndEndsTheThreadAfterItsExitWork() throws InterruptedException {
    AtomicReference<Thread> loopThread = new AtomicReference<>();
    CountDownLatch inRound = new CountDownLatch(1);
    AtomicReference<Thread> exitedOn = new AtomicReference<>();
    loop =
        BackgroundLoop.named("test-loop")
            .pollInterval(NEVER)
            .onExit(() -> exitedOn.set(Thread.currentThread()))
            .rounds(
                () -> {
                  loopThread.set(Thread.currentThread());
                  inRound.countDown();
                  new CountDownLatch(1).await();
                  return false;
                });
    loop.start();
    assertThat(inRound.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(loopThread.get().getName()).isEqualTo("test-loop");
    assertThat(loopThread.get().isDaemon()).isTrue();

    loop.stop();

    assertThat(loopThread.get().isAlive()).isFalse();
    assertThat(loop.isRunning()).isFalse();
    assertThat(exitedOn.get()).isSameAs(loopThread.get());
  }

  @Test
  void aRoundThatFailsBecauseTheLoopStopsIsNoFailure() throws InterruptedException {
    CountDownLatch inRound = new CountDownLatch(1);
    AtomicInteger failures = new AtomicInteger();
    loop =
        BackgroundLoop.named("test-loop")
            .pollInterval(NEVER)
            .onFailure((failure, retryIn) -> failures.incrementAndGet())
            .rounds(
                () -> {
                  inRound.countDown();
                  try {
                    new CountDownLatch(1).await();
                  } catch (InterruptedException e) {
                    // As a client that turns an interrupt into a failure of its own does.
                    throw new IllegalStateException("interrupted", e);
                  }
                  return false;
                });
    loop.start();
    assertThat(inRound.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    loop.stop();

    assertThat(failures).hasValue(0);
  }

  @Test
  void aStoppedLoopStartsAgainAndASecondStartAddsNoThread() throws InterruptedException {
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger mostConcurrent = new AtomicInteger();
    BlockingQueue<String> rounds = new LinkedBlockingQueue<>();
    loop =
        BackgroundLoop.named("test-loop")
            .pollInterval(NEVER)
            .rounds(
                () -> {
                  mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                  rounds.add(Thread.currentThread().getName());
                  concurrent.decrementAndGet();
                  return false;
                });
    loop.start();
    assertThat(rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("test-loop");
    loop.stop();

    loop.start();
    loop.start();

    assertThat(rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("test-loop");
    assertThat(rounds.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(mostConcurrent).hasValue(1);
  }
}
