package com.omnichannel.bench;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The whole loop's part of the summary, in Markdown: the headline table (the floor, the whole loop
 * and the webhook path as shares of it, burst then drain, each against its target), then the
 * search's steps, the per-message costs and the burst's details.
 */
final class LoopReport {

  static final double LOOP_TARGET = 0.15;
  static final double WEBHOOK_TARGET = 0.35;

  /** Everything {@link WholeLoop} measured, and the webhook path's capacity wrk measured. */
  record Results(
      DatabaseFloor.Result floor,
      int clients,
      double capacity,
      long capacityNon2xx,
      int stepSeconds,
      int contacts,
      List<LoopStep> steps,
      WholeLoop.Costs costs,
      BurstThenDrain.Result burst,
      MessageCosts.Idle idle) {

    OptionalDouble held() {
      return steps.stream().filter(LoopStep::held).mapToDouble(LoopStep::rate).max();
    }
  }

  private LoopReport() {}

  static String render(Results r) {
    return headline(r)
        + steps(r)
        + costs(r)
        + burst(r.burst())
        + MessageCosts.idleSection(r.idle());
  }

  static String headline(Results r) {
    double floor = r.floor().perSecond();
    OptionalDouble held = r.held();
    boolean loopMet = held.isPresent() && held.getAsDouble() >= LOOP_TARGET * floor;
    boolean webhookMet = r.capacity() >= WEBHOOK_TARGET * floor && r.capacityNon2xx() == 0;
    BurstThenDrain.Result b = r.burst();
    boolean drainMet = drainMet(b);
    return String.format(
        Locale.ROOT,
        """
        # Whole-loop benchmark, %s

        | headline | value | target | met |
        | --- | --- | --- | --- |
        | database floor: the webhook's two inserts as bare transactions, %d clients | %.0f tx/s | | |
        | whole loop: highest open-model rate that holds | %s | >= %.2f x floor = %.0f msgs/s | %s |
        | webhook path capacity: wrk at %d connections, whole stack running | %.0f req/s = %.3f x floor; %s non-2xx | >= %.2f x floor = %.0f req/s, no non-2xx | %s |
        | burst then drain: %.0f/s during the drain after %d s at %.0f/s | %s accepted, p99 %s ms; drain time %s; %d unanswered | >= 99.9 %% accepted, p99 <= 250 ms; drains; 0 unanswered | %s |
        | the idle stack: CPU with nothing sent | %s %% of a core | | |

        Machine: %d cores; bin/local-stack, every process of the loop running. The whole loop: \
        WhatsApp Cloud webhooks (signed, one text message each, a unique wamid each) to demo \
        channel 3 in an open model over keep-alive connections, latency from when each was due; \
        the mock AI answers, channel-gateway sends each reply to the provider simulator, which \
        posts 'sent', 'delivered' and 'read' back as webhooks. A rate holds when >= 99.9 %% of \
        its webhooks get a 2xx, their p99 is <= 250 ms, and within 30 s of the step's end every \
        accepted message has its AI reply stored and 'read'.

        """,
        LocalDateTime.now().withNano(0),
        r.clients(),
        floor,
        held.isPresent()
            ? String.format(
                Locale.ROOT,
                "%.0f msgs/s = %.3f x floor",
                held.getAsDouble(),
                held.getAsDouble() / floor)
            : String.format(Locale.ROOT, "none held (from %.0f msgs/s)", r.steps().get(0).rate()),
        LOOP_TARGET,
        LOOP_TARGET * floor,
        mark(loopMet),
        r.clients(),
        r.capacity(),
        r.capacity() / floor,
        r.capacityNon2xx() < 0 ? "?" : Long.toString(r.capacityNon2xx()),
        WEBHOOK_TARGET,
        WEBHOOK_TARGET * floor,
        mark(webhookMet),
        b.drainRate(),
        b.burstSeconds(),
        b.burstRate(),
        percent(b.drain().acceptedShare()),
        ms(b.drain().percentile(99)),
        drainTime(b),
        b.unanswered(),
        mark(drainMet),
        MessageCosts.number(r.idle().percentOfACore()),
        Runtime.getRuntime().availableProcessors());
  }

  static boolean drainMet(BurstThenDrain.Result b) {
    return b.drain().sent() > 0
        && b.drain().ok() >= Math.ceil(LoopStep.ACCEPTED_SHARE * b.drain().sent())
        && b.drain().percentile(99) <= LoopStep.P99_LIMIT.toNanos()
        && !Double.isNaN(b.drainedSeconds())
        && b.unanswered() == 0;
  }

  static String steps(Results r) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                """
                ## Whole loop, step by step

                Each step %d s at its rate, senders among %d contacts of the step's own; from the \
                start rate x 1.25 while a step holds, then one step between the highest that held \
                and the lowest that failed. Before each step the work of the one before is done \
                (no outbox row to relay, no reply not yet read or failed). Replies read: checked \
                every second from the step's last delivery until all are read or 30 s have passed.

                | step | rate msgs/s | x floor | sent | 2xx | other statuses | p50 / p99 / max ms | generator late, max ms | replies read within 30 s / inbound stored | s to the last read | held |
                | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
                """,
                r.stepSeconds(),
                r.contacts()));
    for (LoopStep step : r.steps()) {
      out.append(stepRow(step, r.floor().perSecond()));
    }
    return out.append('\n').toString();
  }

  static String stepRow(LoopStep s, double floor) {
    OpenModelLoad.Outcome w = s.webhooks();
    return String.format(
        Locale.ROOT,
        "| %d | %.0f | %.3f | %d | %d | %s | %s / %s / %s | %s | %d / %d | %s | %s |%n",
        s.number(),
        s.rate(),
        s.rate() / floor,
        w.sent(),
        w.ok(),
        w.others(),
        ms(w.percentile(50)),
        ms(w.percentile(99)),
        ms(w.max()),
        ms(w.late()),
        s.replies().read(),
        s.replies().inbound(),
        Double.isNaN(s.secondsToLastRead())
            ? "> 30"
            : String.format(Locale.ROOT, "%.1f", s.secondsToLastRead()),
        s.held() ? "yes" : "no");
  }

  /** One step in a line, for the console. */
  static String stepLine(LoopStep s) {
    OpenModelLoad.Outcome w = s.webhooks();
    return String.format(
        Locale.ROOT,
        "%d sent, %d 2xx (others: %s), p50 %s / p99 %s / max %s ms; %d of %d replies read%s; %s",
        w.sent(),
        w.ok(),
        w.others(),
        ms(w.percentile(50)),
        ms(w.percentile(99)),
        ms(w.max()),
        s.replies().read(),
        s.replies().inbound(),
        Double.isNaN(s.secondsToLastRead())
            ? ""
            : String.format(Locale.ROOT, ", the last %.1f s after the end", s.secondsToLastRead()),
        s.held() ? "held" : "not held");
  }

  static String costs(Results r) {
    WholeLoop.Costs c = r.costs();
    if (c == null) {
      return "## Per-message costs\n\nNot measured: no rate held.\n\n";
    }
    LoopStep s = c.step();
    return String.format(
            Locale.ROOT,
            """
            ## Per-message costs at %.0f msgs/s

            A re-run of the highest rate that held, %d s (step %d: %d sent, %d 2xx, p99 %s ms), \
            between two snapshots with nothing of the harness's in between: the first as it \
            started, the second %.1f s after its last delivery (the held step's time to the last \
            read plus 5 s); %d of its %d replies were read by then. CPU: user + system time from \
            /proc/<pid>/stat of each process of bin/local-stack's pid files and its descendants; \
            the database's counters from SHOW GLOBAL STATUS. Each divided by the re-run's \
            accepted messages.

            | per message | value |
            | --- | --- |
            """,
            s.rate(),
            r.stepSeconds(),
            s.number(),
            s.webhooks().sent(),
            s.webhooks().ok(),
            ms(s.webhooks().percentile(99)),
            c.snapshotAfterSeconds(),
            s.replies().read(),
            s.replies().inbound())
        + MessageCosts.rows(c.cpuMillis(), c.status())
        + "\n";
  }

  static String burst(BurstThenDrain.Result b) {
    OpenModelLoad.Outcome burst = b.burst();
    OpenModelLoad.Outcome drain = b.drain();
    return String.format(
        Locale.ROOT,
        """
        ## Burst then drain

        | measure | value |
        | --- | --- |
        | burst: %.0f msgs/s for %d s, open model | %d sent, %d 2xx, others: %s; p50 / p99 / max %s / %s / %s ms |
        | the burst's messages: stored, replied, read, failed | %d, %d, %d, %d |
        | drain: %.0f msgs/s from the burst's end until its backlog was through | %d sent, %d 2xx = %s, others: %s; p50 / p99 / max %s / %s / %s ms |
        | drain time: the burst's end to every accepted message of it with its reply read or failed | %s |
        | the drain's own replies, all read after it stopped | %s (%d of %d) |
        | unanswered: accepted messages of both without a reply read | %d |
        | outbox backlog peak (rows not relayed, sampled every 2 s) | %s |

        """,
        b.burstRate(),
        b.burstSeconds(),
        burst.sent(),
        burst.ok(),
        burst.others(),
        ms(burst.percentile(50)),
        ms(burst.percentile(99)),
        ms(burst.max()),
        b.burstReplies().inbound(),
        b.burstReplies().replies(),
        b.burstReplies().read(),
        b.burstReplies().failed(),
        b.drainRate(),
        drain.sent(),
        drain.ok(),
        percent(drain.acceptedShare()),
        drain.others(),
        ms(drain.percentile(50)),
        ms(drain.percentile(99)),
        ms(drain.max()),
        Double.isNaN(b.drainedSeconds())
            ? "not within " + b.drainBoundSeconds() + " s"
            : String.format(
                Locale.ROOT, "%.0f s (bound %d s)", b.drainedSeconds(), b.drainBoundSeconds()),
        Double.isNaN(b.drainReadSeconds())
            ? "not within 30 s"
            : String.format(Locale.ROOT, "%.1f s later", b.drainReadSeconds()),
        b.drainReplies().read(),
        b.drainReplies().inbound(),
        b.unanswered(),
        b.outboxPeak() < 0 ? "?" : Long.toString(b.outboxPeak()));
  }

  /** The drain time, or why there is none. */
  static String drainTime(BurstThenDrain.Result b) {
    if (!Double.isNaN(b.drainedSeconds())) {
      return String.format(Locale.ROOT, "%.0f s", b.drainedSeconds());
    }
    if (!Double.isNaN(b.stalledSeconds())) {
      return String.format(
          Locale.ROOT,
          "none: the backlog stopped moving %.0f s after the burst",
          b.stalledSeconds());
    }
    return "none: not drained within " + b.drainBoundSeconds() + " s";
  }

  static String mark(boolean met) {
    return met ? "✓" : "✗";
  }

  static String ms(long nanos) {
    return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f %%", 100 * share);
  }
}
