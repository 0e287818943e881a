package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A client that reads a trickle holds up nobody: its stream is closed by its own writer, while the
 * fan-out goes on to every other stream. The emitters here behave as Spring's do: completing one
 * waits for a send in progress.
 */
class SlowClientTest {

  static final Subscription.Limits ROOMY = new Subscription.Limits(100, 1_000_000);

  final ExecutorService writers = Executors.newCachedThreadPool();

  @AfterEach
  void stopWriters() {
    writers.shutdownNow();
  }

  /** An emitter whose client reads nothing: a send blocks until released. */
  static final class StuckEmitter extends SseEmitter {
    final CountDownLatch sending = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean completed = new AtomicBoolean();

    @Override
    public synchronized void send(SseEventBuilder event) throws IOException {
      sending.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    @Override
    public synchronized void complete() {
      completed.set(true);
    }
  }

  /** An emitter whose client reads at once. */
  static final class ReadingEmitter extends SseEmitter {
    final List<SseEventBuilder> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(SseEventBuilder event) {
      sent.add(event);
    }
  }

  static StreamEvent event(long offset, String data) {
    return new StreamEvent(StreamEvent.id(offset, 0), 1, 7, "message.created", data);
  }

  @Test
  void aClientThatReadsNothingIsClosedWithoutHoldingUpTheFanOutOrOtherStreams() {
    PartitionLog partition = new PartitionLog(100, 1_000_000, 0);
    StuckEmitter stuckEmitter = new StuckEmitter();
    ReadingEmitter readingEmitter = new ReadingEmitter();
    Subscription stuck =
        new Subscription(1, 11, null, -1, stuckEmitter, writers, new Subscription.Limits(2, 1000));
    Subscription reading = new Subscription(1, 12, null, -1, readingEmitter, writers, ROOMY);
    partition.subscribe(stuck, null, 100);
    stuck.start(List.of());
    partition.subscribe(reading, null, 100);
    reading.start(List.of());

    partition.append(List.of(event(0, "{}")), 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> stuckEmitter.sending.getCount() == 0);
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (long offset = 1; offset <= 5; offset++) {
            partition.append(List.of(event(offset, "{}")), offset + 1);
          }
          stuck.heartbeat();
          reading.heartbeat();
        });

    assertThat(stuck.isClosed()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> readingEmitter.sent.size() >= 6);
    assertThat(stuckEmitter.completed).isFalse();
    stuckEmitter.release.countDown();
    await().atMost(Duration.ofSeconds(5)).untilTrue(stuckEmitter.completed);
  }

  @Test
  void aStreamWhoseWaitingEventsPassItsByteLimitIsClosed() {
    StuckEmitter stuckEmitter = new StuckEmitter();
    Subscription stream =
        new Subscription(1, 11, null, -1, stuckEmitter, writers, new Subscription.Limits(100, 50));
    stream.start(List.of());
    String thirtyBytes = "\"" + "x".repeat(28) + "\"";

    stream.offer(event(0, thirtyBytes));
    await().atMost(Duration.ofSeconds(5)).until(() -> stuckEmitter.sending.getCount() == 0);
    stream.offer(event(1, thirtyBytes));
    assertThat(stream.isClosed()).isFalse();
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> stream.offer(event(2, thirtyBytes)));

    assertThat(stream.isClosed()).isTrue();
    stuckEmitter.release.countDown();
  }
}
