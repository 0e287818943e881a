package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** What a partition keeps in memory, and what a resume is owed from it. */
class PartitionLogTest {

  static final Executor NO_WRITER = task -> {};

  static Subscription acme() {
    return new Subscription(
        1, 11, null, -1, new SseEmitter(), NO_WRITER, new Subscription.Limits(100, 1_000_000));
  }

  static StreamEvent event(long offset, String data) {
    return new StreamEvent(StreamEvent.id(offset, 0), 1, 7, "message.created", data);
  }

  @Test
  void recentEventsAreBoundedInBytesAndOlderOnesAreReadFromKafka() {
    PartitionLog partition = new PartitionLog(100, 100, 0);
    String thirtyBytes = "\"" + "x".repeat(28) + "\"";
    for (long offset = 0; offset < 5; offset++) {
      partition.append(List.of(event(offset, thirtyBytes)), offset + 1);
    }

    PartitionLog.Replay replay = partition.subscribe(acme(), StreamEvent.id(0, 0), 100);

    assertThat(replay.reset()).isNull();
    assertThat(replay.fromMemory()).hasSizeLessThanOrEqualTo(3).isNotEmpty();
    assertThat(replay.readFrom()).isZero();
    assertThat(replay.readTo())
        .isEqualTo(StreamEvent.offsetOf(replay.fromMemory().get(0).id()) + 1);
  }

  @Test
  void aResumeFurtherBehindThanTheReplayMaxIsResetAndTheResetsIdResumesLive() {
    PartitionLog partition = new PartitionLog(100, 1_000_000, 0);
    for (long offset = 0; offset < 10; offset++) {
      partition.append(List.of(event(offset, "{}")), offset + 1);
    }

    PartitionLog.Replay tooOld = partition.subscribe(acme(), StreamEvent.id(2, 0), 5);
    PartitionLog.Replay nearEnough = partition.subscribe(acme(), StreamEvent.id(4, 0), 5);

    assertThat(tooOld.reset()).isEqualTo(ResetReason.TOO_FAR_BEHIND);
    assertThat(tooOld.fromMemory()).isEmpty();
    assertThat(tooOld.readFrom()).isEqualTo(-1);
    assertThat(nearEnough.reset()).isNull();
    assertThat(nearEnough.fromMemory()).hasSize(5);

    StreamEvent reset = StreamEvent.reset(1, tooOld.liveFrom(), tooOld.reset());
    PartitionLog.Replay afterReset = partition.subscribe(acme(), reset.id(), 5);
    assertThat(afterReset.reset()).isNull();
    assertThat(afterReset.fromMemory()).isEmpty();
    assertThat(afterReset.readFrom()).isEqualTo(-1);
    partition.append(List.of(event(10, "{}")), 11);
    assertThat(reset.id()).isLessThan(StreamEvent.id(10, 0)).isGreaterThan(StreamEvent.id(9, 0));
    assertThat(reset.data()).isEqualTo("{\"reason\":\"too_far_behind\"}");
  }

  @Test
  void aResumeOwedMoreEventsFromMemoryThanItsQueueHoldsIsReset() {
    PartitionLog partition = new PartitionLog(100, 1_000_000, 0);
    for (long offset = 0; offset < 10; offset++) {
      partition.append(List.of(event(offset, "{}")), offset + 1);
    }
    Subscription fiveEvents =
        new Subscription(
            1, 11, null, -1, new SseEmitter(), NO_WRITER, new Subscription.Limits(5, 1_000_000));
    Subscription tenBytes =
        new Subscription(
            1, 11, null, -1, new SseEmitter(), NO_WRITER, new Subscription.Limits(100, 10));

    PartitionLog.Replay tooMany = partition.subscribe(fiveEvents, StreamEvent.id(2, 0), 100);
    PartitionLog.Replay tooBig = partition.subscribe(tenBytes, StreamEvent.id(2, 0), 100);
    PartitionLog.Replay fits = partition.subscribe(fiveEvents, StreamEvent.id(4, 0), 100);

    assertThat(tooMany.reset()).isNotNull();
    assertThat(tooMany.reset().json()).isEqualTo("{\"reason\":\"too_far_behind\"}");
    assertThat(tooMany.fromMemory()).isEmpty();
    assertThat(tooMany.liveFrom()).isEqualTo(10);
    assertThat(tooBig.reset()).isNotNull();
    assertThat(tooBig.fromMemory()).isEmpty();
    assertThat(fits.reset()).isNull();
    assertThat(fits.fromMemory()).hasSize(5);
  }

  @Test
  void aResumeFromAnIdAheadOfTheLivePositionIsReset() {
    PartitionLog partition = new PartitionLog(100, 1_000_000, 0);
    for (long offset = 0; offset < 10; offset++) {
      partition.append(List.of(event(offset, "{}")), offset + 1);
    }

    PartitionLog.Replay ahead = partition.subscribe(acme(), StreamEvent.id(25, 0), 100);
    PartitionLog.Replay atTheLastEvent = partition.subscribe(acme(), StreamEvent.id(9, 0), 100);

    assertThat(ahead.reset()).isNotNull();
    assertThat(ahead.reset().json()).isEqualTo("{\"reason\":\"unknown_position\"}");
    assertThat(ahead.readFrom()).isEqualTo(-1);
    assertThat(ahead.liveFrom()).isEqualTo(10);
    assertThat(atTheLastEvent.reset()).isNull();
    assertThat(atTheLastEvent.fromMemory()).isEmpty();
  }
}
