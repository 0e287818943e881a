package com.omnichannel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopStepTest {

  private static final long MS = 1_000_000;

  @Test
  void holdsWithNineHundredNinetyNineOfAThousandAcceptedButNotWithFewer() {
    assertThat(LoopStep.holds(1000, 999, 100 * MS, 5.0)).isTrue();
    assertThat(LoopStep.holds(1000, 998, 100 * MS, 5.0)).isFalse();
    // 99.9 % of 30 deliveries is more than 29: every one must be accepted.
    assertThat(LoopStep.holds(30, 29, 100 * MS, 5.0)).isFalse();
  }

  @Test
  void holdsUpToAP99OfTwoHundredFiftyMilliseconds() {
    assertThat(LoopStep.holds(1000, 1000, 250 * MS, 5.0)).isTrue();
    assertThat(LoopStep.holds(1000, 1000, 250 * MS + 1, 5.0)).isFalse();
  }

  @Test
  void holdsOnlyWhenEveryReplyWasReadWithinThirtySeconds() {
    assertThat(LoopStep.holds(1000, 1000, 10 * MS, 30.0)).isTrue();
    assertThat(LoopStep.holds(1000, 1000, 10 * MS, 30.5)).isFalse();
    assertThat(LoopStep.holds(1000, 1000, 10 * MS, Double.NaN)).isFalse();
  }

  @Test
  void aStepThatSentNothingDoesNotHold() {
    assertThat(LoopStep.holds(0, 0, -1, 1.0)).isFalse();
  }

  @Test
  void aStepHoldsByItsWebhooksP99() {
    var replies = new ReplyCount(1000, 1000, 1000, 0);

    // The p99 of 1,000 is the 990th: 11 slow answers put it above the limit, 10 do not.
    assertThat(new LoopStep(1, 100, webhooks(11), replies, 3.0).held()).isFalse();
    assertThat(new LoopStep(1, 100, webhooks(10), replies, 3.0).held()).isTrue();
  }

  /** 1,000 accepted webhooks, the slowest {@code slow} of them at 300 ms, the others at 20. */
  private static OpenModelLoad.Outcome webhooks(int slow) {
    long[] sorted = new long[1000];
    Arrays.fill(sorted, 20 * MS);
    Arrays.fill(sorted, 1000 - slow, 1000, 300 * MS);
    return new OpenModelLoad.Outcome(1000, Map.of(), null, sorted, 0);
  }

  @Test
  void everyAcceptedMessageNeedsItsReplyRead() {
    var replies = new ReplyCount(100, 100, 99, 1);

    assertThat(replies.allRead(100)).isFalse();
    assertThat(replies.settled(100)).isTrue();
    assertThat(replies.unanswered(100)).isEqualTo(1);
    assertThat(new ReplyCount(100, 100, 100, 0).allRead(100)).isTrue();
  }

  @Test
  void aMessageStoredAlthoughItsWebhookTimedOutCountsToo() {
    // 99 accepted, 100 stored: the 100th reply must be read as well.
    assertThat(new ReplyCount(100, 100, 99, 0).allRead(99)).isFalse();
    assertThat(new ReplyCount(100, 100, 99, 0).unanswered(99)).isEqualTo(1);
  }

  @Test
  void aBacklogIsNotSettledWhileMessagesOrRepliesAreMissing() {
    assertThat(new ReplyCount(90, 90, 90, 0).settled(100)).isFalse();
    assertThat(new ReplyCount(100, 95, 95, 0).settled(100)).isFalse();
    assertThat(new ReplyCount(100, 100, 60, 0).settled(100)).isFalse();
  }
}
