package com.omnichannel.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Burst then drain: {@code bench.burst-seconds} (40) of WhatsApp Cloud webhooks in an open model at
 * a rate well above what the whole loop holds, then at once {@code bench.drain-rate} (50) a second
 * of webhooks from contacts of their own, until every accepted message of the burst has its reply
 * read or failed (the backlog has drained), at most {@code bench.drain-seconds} (300) after the
 * burst, or until the backlog stops moving ({@link #STALL} without a change: a status the provider
 * gave up posting leaves its reply unread for good). Then the drain's webhooks stop, their own
 * replies get up to {@link LoopStep#READ_WITHIN}, and every accepted message of both phases without
 * a reply read counts as unanswered. The outbox's backlog is sampled every 2 s throughout, on a
 * connection of its own.
 */
final class BurstThenDrain {

  /** Between two checks of the backlog; each reads every message of the burst and its reply. */
  private static final Duration POLL = Duration.ofSeconds(2);

  /**
   * What the two phases got.
   *
   * @param drainedSeconds from the burst's last delivery to the check that found its backlog
   *     through; NaN when it was not within the bound
   * @param stalledSeconds from the burst's last delivery to the check that found its backlog had
   *     stopped moving ({@link #STALL} without a change, nothing left in the outbox) before it was
   *     through; NaN when it did not
   * @param drainReadSeconds from the drain's last delivery to every one of its replies read; NaN
   *     when not within {@link LoopStep#READ_WITHIN}
   */
  record Result(
      double burstRate,
      int burstSeconds,
      OpenModelLoad.Outcome burst,
      ReplyCount burstReplies,
      double drainRate,
      OpenModelLoad.Outcome drain,
      ReplyCount drainReplies,
      double drainedSeconds,
      double stalledSeconds,
      double drainReadSeconds,
      int drainBoundSeconds,
      long outboxPeak) {

    long unanswered() {
      return burstReplies.unanswered(burst.ok()) + drainReplies.unanswered(drain.ok());
    }
  }

  /** How long the backlog may go without any change before the drain stops waiting for it. */
  static final Duration STALL = Duration.ofSeconds(30);

  /** Where the burst's backlog stood when the wait for it ended. */
  private record Backlog(ReplyCount replies, double drainedSeconds, double stalledSeconds) {

    String state(int boundSeconds) {
      if (!Double.isNaN(drainedSeconds)) {
        return String.format(Locale.ROOT, "through %.0f s after the burst", drainedSeconds);
      }
      if (!Double.isNaN(stalledSeconds)) {
        return String.format(
            Locale.ROOT,
            "stalled %.0f s after the burst, %d of %d replies read",
            stalledSeconds,
            replies.read(),
            replies.inbound());
      }
      return "not through after " + boundSeconds + " s";
    }
  }

  private final WholeLoop loop;
  private final int burstSeconds = Integer.getInteger("bench.burst-seconds", 40);
  private final double drainRate = Double.parseDouble(System.getProperty("bench.drain-rate", "50"));
  private final int drainSeconds = Integer.getInteger("bench.drain-seconds", 300);

  BurstThenDrain(WholeLoop loop) {
    this.loop = loop;
  }

  /**
   * The burst's rate when none is given: the webhook path's capacity (wrk at 16 connections) or 3
   * times the highest rate the whole loop held, whichever is larger; 3 times the first step's rate
   * when neither is known.
   */
  static double saturationRate(double capacity, OptionalDouble held, double firstStep) {
    double loopBased = 3 * held.orElse(firstStep);
    return Math.round(Math.max(capacity, loopBased));
  }

  Result run(double burstRate) throws Exception {
    loop.awaitIdle(0);
    String burstRun = loop.run() + "-burst";
    String drainRun = loop.run() + "-drain";
    AtomicLong outboxPeak = new AtomicLong(-1);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    var outbox = new LoopDatabase(loop.jdbcUrl, loop.dbUser, loop.dbPassword);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService drainSender = Executors.newSingleThreadExecutor();
    try {
      sampler.scheduleWithFixedDelay(
          () -> sampleOutbox(outbox, outboxPeak), 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
      WholeLoop.say(
          String.format(
              Locale.ROOT,
              "== burst: %.0f msgs/s for %d s, then %.0f msgs/s until the backlog has drained"
                  + " (at most %d s)",
              burstRate,
              burstSeconds,
              drainRate,
              drainSeconds));
      BenchPhases.start("burst");
      int burstCount = (int) Math.round(burstRate * burstSeconds);
      var burst = loop.load.send(burstRate, burstCount, loop.whatsApp(burstRun, 30), () -> false);
      long burstEnd = System.nanoTime();
      BenchPhases.start("drain");
      int drainCount = (int) Math.ceil(drainRate * drainSeconds);
      CompletableFuture<OpenModelLoad.Sending> drainSending =
          CompletableFuture.supplyAsync(
              () -> loop.load.send(drainRate, drainCount, loop.whatsApp(drainRun, 31), stop::get),
              drainSender);
      OpenModelLoad.Outcome burstOutcome = burst.await();
      WholeLoop.say(
          String.format(
              Locale.ROOT,
              "   burst: %d sent, %d 2xx, others: %s",
              burstOutcome.sent(),
              burstOutcome.ok(),
              burstOutcome.others()));

      Backlog backlog = awaitBacklog(burstRun, burstOutcome.ok(), burstEnd);
      stop.set(true);
      OpenModelLoad.Outcome drainOutcome = drainSending.join().await();
      long drainEnd = System.nanoTime();
      WholeLoop.say(
          String.format(
              Locale.ROOT,
              "   backlog %s; drain: %d sent, %d 2xx, p99 %.1f ms",
              backlog.state(drainSeconds),
              drainOutcome.sent(),
              drainOutcome.ok(),
              drainOutcome.percentile(99) / 1e6));

      ReplyCount drainReplies;
      double drainRead = Double.NaN;
      long readDeadline = drainEnd + LoopStep.READ_WITHIN.toNanos();
      while (true) {
        drainReplies = loop.db.replies(drainRun);
        if (drainReplies.allRead(drainOutcome.ok())) {
          drainRead = (System.nanoTime() - drainEnd) / 1e9;
          break;
        }
        if (System.nanoTime() >= readDeadline) {
          break;
        }
        Thread.sleep(1000);
      }
      ReplyCount burstReplies = loop.db.replies(burstRun);
      return new Result(
          burstRate,
          burstSeconds,
          burstOutcome,
          burstReplies,
          drainRate,
          drainOutcome,
          drainReplies,
          backlog.drainedSeconds(),
          backlog.stalledSeconds(),
          drainRead,
          drainSeconds,
          outboxPeak.get());
    } finally {
      stop.set(true);
      drainSender.shutdown();
      sampler.shutdownNow();
      sampler.awaitTermination(5, TimeUnit.SECONDS);
      outbox.close();
    }
  }

  /**
   * Checks the burst's messages every {@link #POLL} until each accepted one has a reply read or
   * failed, the backlog stalls, or the bound has passed since the burst's end.
   */
  private Backlog awaitBacklog(String burstRun, long accepted, long burstEnd) throws Exception {
    long deadline = burstEnd + TimeUnit.SECONDS.toNanos(drainSeconds);
    ReplyCount replies = ReplyCount.NONE;
    long changed = System.nanoTime();
    while (System.nanoTime() < deadline) {
      ReplyCount now = loop.db.replies(burstRun);
      double since = (System.nanoTime() - burstEnd) / 1e9;
      if (now.settled(accepted)) {
        return new Backlog(now, since, Double.NaN);
      }
      if (!now.equals(replies)) {
        replies = now;
        changed = System.nanoTime();
      } else if (System.nanoTime() - changed >= STALL.toNanos() && loop.db.outboxPending() == 0) {
        return new Backlog(now, Double.NaN, since);
      }
      Thread.sleep(POLL.toMillis());
    }
    return new Backlog(replies, Double.NaN, Double.NaN);
  }

  private static void sampleOutbox(LoopDatabase outbox, AtomicLong peak) {
    try {
      long pending = outbox.outboxPending();
      peak.accumulateAndGet(pending, Math::max);
    } catch (Exception e) {
      // A missed sample leaves the peak as it was.
    }
  }
}
