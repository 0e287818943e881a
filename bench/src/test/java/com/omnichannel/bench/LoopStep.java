package com.omnichannel.bench;

import java.time.Duration;

/**
 * One step of the whole-loop search at one rate: what its webhooks got, what became of their
 * replies, and whether the step held. A step holds when at least 99.9 % of its webhooks were
 * answered 2xx, their p99 (from when each was due) is at most 250 ms, and within 30 s of the step's
 * last delivery every accepted inbound message has its AI reply stored and 'read'.
 *
 * @param secondsToLastRead from the step's last delivery to the check that found every reply read;
 *     NaN when that did not happen within {@link #READ_WITHIN}
 */
record LoopStep(
    int number,
    double rate,
    OpenModelLoad.Outcome webhooks,
    ReplyCount replies,
    double secondsToLastRead) {

  static final double ACCEPTED_SHARE = 0.999;
  static final Duration P99_LIMIT = Duration.ofMillis(250);
  static final Duration READ_WITHIN = Duration.ofSeconds(30);

  boolean held() {
    return holds(webhooks.sent(), webhooks.ok(), webhooks.percentile(99), secondsToLastRead);
  }

  /**
   * The hold criteria.
   *
   * @param p99Nanos the webhooks' p99 latency
   * @param secondsToLastRead NaN when not every accepted message's reply was read in time
   */
  static boolean holds(long sent, long ok, long p99Nanos, double secondsToLastRead) {
    return sent > 0
        && ok >= Math.ceil(ACCEPTED_SHARE * sent)
        && p99Nanos <= P99_LIMIT.toNanos()
        && !Double.isNaN(secondsToLastRead)
        && secondsToLastRead <= READ_WITHIN.toSeconds();
  }
}
