package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** How a stream starts: after its replay or its reset, live events flow. */
class SubscriptionTest {

  /** Writes at once, on the caller's thread. */
  static final Executor AT_ONCE = Runnable::run;

  static StreamEvent event(long offset) {
    return SlowClientTest.event(offset, "{}");
  }

  @Test
  void aResetAfterAnIdAheadOfTheLivePositionLetsTheLiveEventsThrough() {
    SlowClientTest.ReadingEmitter emitter = new SlowClientTest.ReadingEmitter();
    Subscription stream =
        new Subscription(
            1, 11, null, StreamEvent.id(1_000, 0), emitter, AT_ONCE, SlowClientTest.ROOMY);

    stream.startWithReset(StreamEvent.reset(1, 10, ResetReason.TOO_FAR_BEHIND));
    stream.offer(event(10));
    stream.offer(event(11));

    assertThat(emitter.sent).hasSize(3);
  }

  @Test
  void aReplayAsLongAsTheQueueStillLeavesTheQueueForLiveEvents() {
    Executor neverWrites = task -> {};
    Subscription stream =
        new Subscription(
            1,
            11,
            null,
            -1,
            new SlowClientTest.ReadingEmitter(),
            neverWrites,
            new Subscription.Limits(3, 1_000_000));

    stream.start(LongStream.range(0, 3).mapToObj(SubscriptionTest::event).toList());
    for (long offset = 3; offset < 6; offset++) {
      stream.offer(event(offset));
    }
    assertThat(stream.isClosed()).isFalse();

    stream.offer(event(6));
    assertThat(stream.isClosed()).isTrue();
  }

  @Test
  void liveEventsThatWaitedForTheReplayFollowIt() {
    SlowClientTest.ReadingEmitter emitter = new SlowClientTest.ReadingEmitter();
    Subscription stream = new Subscription(1, 11, null, -1, emitter, AT_ONCE, SlowClientTest.ROOMY);

    stream.offer(event(5));
    stream.start(List.of(event(3), event(4), event(5)));

    assertThat(emitter.sent).hasSize(3);
  }

  @Test
  void aStreamClosedBeforeItStartedEndsOnceAndWritesNothing() {
    SlowClientTest.ReadingEmitter emitter = new SlowClientTest.ReadingEmitter();
    Subscription stream = new Subscription(1, 11, null, -1, emitter, AT_ONCE, SlowClientTest.ROOMY);
    AtomicInteger ends = new AtomicInteger();
    stream.onEnd(ends::incrementAndGet);

    stream.offer(event(1));
    stream.close();
    stream.start(List.of(event(0)));
    stream.close();
    stream.end();

    assertThat(ends).hasValue(1);
    assertThat(emitter.sent).isEmpty();
  }
}
