package com.omnichannel.bench;

import com.omnichannel.bench.ProviderLatency.Delivery;
import com.omnichannel.bench.ProviderLatency.Webhook;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The benchmark's headline, the whole loop, in one run against a running stack: first the database
 * floor ({@link DatabaseFloor}); then the highest open-model rate of the whole loop that holds
 * ({@link RateSearch}, {@link LoopStep}): WhatsApp Cloud webhooks to demo channel 3, one text
 * message each, a unique wamid each, senders from a range of contacts of the step's own; then what
 * one message costs, in a re-run of the highest rate that held ({@link MessageCosts}); then burst
 * then drain ({@link BurstThenDrain}). Writes {@code loop.md} (the headline table, the steps, the
 * costs, the burst) and {@code loop.properties} (the floor, for {@link BenchReport}) to the folder
 * of argument 1.
 *
 * <p>The costs come from a re-run rather than from the step itself because the step's checks (every
 * second, a query over all its messages and replies) would count among the database's rows read:
 * between the re-run's two snapshots the harness sends webhooks and nothing else.
 *
 * <p>System properties: bench.url, bench.jdbc-url, bench.db-user, bench.db-password,
 * bench.stack-dir (bin/local-stack's state folder, for the pid files), bench.run (a prefix of the
 * wamids), bench.capacity and bench.capacity-non2xx (the webhook path's, measured by wrk),
 * bench.loop-warmup-seconds and bench.loop-warmup-rate (the loop's own warm-up, not counted),
 * bench.concurrency (the floor's clients), bench.floor-seconds, bench.loop-step-seconds,
 * bench.loop-start-rate, bench.loop-max-steps, bench.loop-contacts, bench.burst-seconds,
 * bench.burst-rate, bench.drain-rate, bench.drain-seconds, bench.phases (see {@link BenchPhases}).
 */
public final class WholeLoop {

  /** How long to wait for the work of one phase to be done before the next starts. */
  static final Duration IDLE_BOUND = Duration.ofSeconds(120);

  /** How long the idle stack's CPU is measured, nothing being sent. */
  private static final Duration IDLE_WINDOW = Duration.ofSeconds(15);

  /** Past the step's time to the last read, before the re-run's second snapshot. */
  private static final Duration COSTS_MARGIN = Duration.ofSeconds(5);

  /** What one message costs, measured in a re-run of the highest rate that held. */
  record Costs(
      LoopStep step,
      double snapshotAfterSeconds,
      Map<String, Double> cpuMillis,
      Map<String, Double> status) {}

  final String url = System.getProperty("bench.url", "http://127.0.0.1:8000");
  final String jdbcUrl = System.getProperty("bench.jdbc-url");
  final String dbUser = System.getProperty("bench.db-user", "omni");
  final String dbPassword = System.getProperty("bench.db-password", "omni");
  final int contacts = Integer.getInteger("bench.loop-contacts", 10_000);
  final int stepSeconds = Integer.getInteger("bench.loop-step-seconds", 30);
  private final String run = System.getProperty("bench.run", "loop");
  private final Path runDir =
      Path.of(System.getProperty("bench.stack-dir", ".local-stack")).resolve("run");
  final OpenModelLoad load = new OpenModelLoad();
  final LoopDatabase db;

  private WholeLoop() throws Exception {
    db = new LoopDatabase(jdbcUrl, dbUser, dbPassword);
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    var loop = new WholeLoop();
    try {
      loop.runAll(out);
    } finally {
      loop.load.close();
      loop.db.close();
    }
  }

  private void runAll(Path out) throws Exception {
    warmUp();
    awaitIdle(0);
    MessageCosts.Idle idle = idle();
    say(
        String.format(
            Locale.ROOT,
            "== the idle stack: %.1f %% of a core over %d s with nothing sent",
            idle.percentOfACore(),
            IDLE_WINDOW.toSeconds()));
    say("== database floor, after the work of earlier phases is done");
    BenchPhases.start("database-floor");
    int clients = Integer.getInteger("bench.concurrency", 16);
    var floor =
        DatabaseFloor.measure(
            jdbcUrl,
            dbUser,
            dbPassword,
            clients,
            Duration.ofSeconds(Integer.getInteger("bench.floor-seconds", 15)));
    say(String.format(Locale.ROOT, "   %.0f tx/s at %d clients", floor.perSecond(), clients));

    List<LoopStep> steps = search(floor.perSecond());
    OptionalDouble held = steps.stream().filter(LoopStep::held).mapToDouble(LoopStep::rate).max();
    Costs costs = null;
    if (held.isPresent()) {
      LoopStep best =
          steps.stream().filter(s -> s.held() && s.rate() == held.getAsDouble()).findFirst().get();
      costs = costs(steps.size() + 1, best);
    }

    double capacity = Double.parseDouble(System.getProperty("bench.capacity", "0"));
    double saturation =
        System.getProperty("bench.burst-rate", "").isBlank()
            ? BurstThenDrain.saturationRate(capacity, held, steps.get(0).rate())
            : Double.parseDouble(System.getProperty("bench.burst-rate"));
    var burst = new BurstThenDrain(this).run(saturation);

    var results =
        new LoopReport.Results(
            floor,
            clients,
            capacity,
            Long.getLong("bench.capacity-non2xx", -1),
            stepSeconds,
            contacts,
            steps,
            costs,
            burst,
            idle);
    String report = LoopReport.render(results);
    Files.createDirectories(out);
    Files.writeString(out.resolve("loop.md"), report);
    Files.writeString(
        out.resolve("loop.properties"),
        String.format(
            Locale.ROOT,
            "floor.transactions=%d%nfloor.seconds=%.3f%nfloor.clients=%d%n",
            floor.transactions(),
            floor.seconds(),
            clients));
    System.out.print(report);
  }

  /** The steps of the search, from the start rate up until one fails, then one bisection. */
  private List<LoopStep> search(double floorPerSecond) throws Exception {
    var search =
        new RateSearch(
            RateSearch.startRate(System.getProperty("bench.loop-start-rate"), floorPerSecond),
            Integer.getInteger("bench.loop-max-steps", 8));
    List<LoopStep> steps = new ArrayList<>();
    long since = 0;
    for (OptionalDouble rate = search.next(); rate.isPresent(); rate = search.next()) {
      awaitIdle(since);
      since = db.maxMessageId();
      int number = steps.size() + 1;
      say(
          String.format(
              Locale.ROOT,
              "== whole loop, step %d: %.0f msgs/s (%.3f x floor) for %d s",
              number,
              rate.getAsDouble(),
              rate.getAsDouble() / floorPerSecond,
              stepSeconds));
      BenchPhases.start(
          String.format(Locale.ROOT, "%d: loop at %.0f/s", number, rate.getAsDouble()));
      LoopStep step = step(number, rate.getAsDouble(), true);
      say("   " + LoopReport.stepLine(step));
      steps.add(step);
      search.record(step.rate(), step.held());
    }
    awaitIdle(since);
    return steps;
  }

  /**
   * One step at {@code rate}: its webhooks on schedule, then, when {@code check}, every second
   * until every accepted message's reply is read or {@link LoopStep#READ_WITHIN} has passed since
   * its last delivery.
   */
  private LoopStep step(int number, double rate, boolean check) throws Exception {
    String stepRun = run + "-s" + number;
    int count = (int) Math.round(rate * stepSeconds);
    var sending = load.send(rate, count, whatsApp(stepRun, 10 + number), () -> false);
    long end = System.nanoTime();
    OpenModelLoad.Outcome webhooks = sending.await();
    if (!check) {
      return new LoopStep(number, rate, webhooks, ReplyCount.NONE, Double.NaN);
    }
    long deadline = end + LoopStep.READ_WITHIN.toNanos();
    while (true) {
      ReplyCount replies = db.replies(stepRun);
      long now = System.nanoTime();
      if (replies.allRead(webhooks.ok())) {
        return new LoopStep(number, rate, webhooks, replies, (now - end) / 1e9);
      }
      if (now >= deadline) {
        return new LoopStep(number, rate, webhooks, replies, Double.NaN);
      }
      Thread.sleep(Math.min(1000, Math.max(1, (deadline - now) / 1_000_000)));
    }
  }

  /**
   * The re-run of the highest rate that held, between two snapshots of the processes' CPU and the
   * server's counters: the first as it starts, the second as long after its last delivery as the
   * held step took to have every reply read, plus a margin, with no query of the harness between.
   */
  private Costs costs(int number, LoopStep held) throws Exception {
    awaitIdle(0);
    say(
        String.format(
            Locale.ROOT,
            "== per-message costs: a re-run of %.0f msgs/s for %d s",
            held.rate(),
            stepSeconds));
    BenchPhases.start(String.format(Locale.ROOT, "costs at %.0f/s", held.rate()));
    Map<String, Long> pids = ProcessCpu.stack(runDir);
    var before =
        new MessageCosts.Snapshot(ProcessCpu.ticks(pids), db.globalStatus(MessageCosts.STATUS));
    long started = System.nanoTime();
    LoopStep step = step(number, held.rate(), false);
    double after =
        Math.min(
            LoopStep.READ_WITHIN.toSeconds(), held.secondsToLastRead() + COSTS_MARGIN.toSeconds());
    long second = started + Math.round((stepSeconds + after) * 1e9);
    for (long wait = second - System.nanoTime(); wait > 0; wait = second - System.nanoTime()) {
      Thread.sleep(Math.max(1, wait / 1_000_000));
    }
    var later =
        new MessageCosts.Snapshot(ProcessCpu.ticks(pids), db.globalStatus(MessageCosts.STATUS));
    ReplyCount replies = db.replies(run + "-s" + number);
    long messages = step.webhooks().ok();
    step = new LoopStep(number, step.rate(), step.webhooks(), replies, Double.NaN);
    say("   " + LoopReport.stepLine(step));
    return new Costs(
        step,
        after,
        MessageCosts.cpuMillisPerMessage(before, later, ProcessCpu.ticksPerSecond(), messages),
        MessageCosts.statusPerMessage(before, later, messages));
  }

  /**
   * The whole loop at a modest rate, not counted, before anything is measured: the warm-up on the
   * generic webhook leaves the loop's own code (WhatsApp's format and signature, its statuses, the
   * gateway's provider requests) cold, and the JIT takes minutes of it to reach its speed.
   */
  private void warmUp() throws Exception {
    int seconds = Integer.getInteger("bench.loop-warmup-seconds", 60);
    double rate = Double.parseDouble(System.getProperty("bench.loop-warmup-rate", "30"));
    if (seconds <= 0 || rate <= 0) {
      return;
    }
    say(
        String.format(
            Locale.ROOT,
            "== whole-loop warm-up: %.0f msgs/s for %d s, not counted",
            rate,
            seconds));
    BenchPhases.start("loop warm-up");
    OpenModelLoad.Outcome warm =
        load.send(rate, (int) Math.round(rate * seconds), whatsApp(run + "-w", 9), () -> false)
            .await();
    say(String.format(Locale.ROOT, "   %d sent, %d 2xx", warm.sent(), warm.ok()));
  }

  /** The CPU each process of the stack takes over {@link #IDLE_WINDOW} while nothing is sent. */
  private MessageCosts.Idle idle() throws Exception {
    BenchPhases.start("idle");
    Map<String, Long> pids = ProcessCpu.stack(runDir);
    Map<String, Long> before = ProcessCpu.ticks(pids);
    long started = System.nanoTime();
    Thread.sleep(IDLE_WINDOW.toMillis());
    Map<String, Long> after = ProcessCpu.ticks(pids);
    double seconds = (System.nanoTime() - started) / 1e9;
    return MessageCosts.idle(before, after, ProcessCpu.ticksPerSecond(), seconds);
  }

  /**
   * Waits for the work of earlier phases to be done (within {@link #IDLE_BOUND}), says so if not.
   */
  void awaitIdle(long since) throws Exception {
    LoopDatabase.Idle idle = db.awaitIdle(since, IDLE_BOUND);
    if (idle.seconds() < 0) {
      say("   (still at work after " + IDLE_BOUND.toSeconds() + " s; going on)");
    } else if (idle.unfinished() > 0) {
      say(
          "   ("
              + idle.unfinished()
              + " replies stay neither read nor failed: their statuses stopped coming)");
    }
  }

  /**
   * The webhooks of one phase: WhatsApp Cloud's inbound notifications, signed, one text message
   * each, wamids {@code wamid.<run>-<n>}, senders among {@code contacts} numbers of the phase's own
   * range.
   */
  IntFunction<HttpRequest> whatsApp(String phaseRun, int range) {
    long epochSecond = System.currentTimeMillis() / 1000;
    var random = new Random(range);
    return i ->
        Webhook.WHATSAPP_CLOUD
            .request(
                url + Webhook.WHATSAPP_CLOUD.path,
                new Delivery(phaseRun, i + 1, range, random.nextInt(contacts), epochSecond))
            .timeout(OpenModelLoad.TIMEOUT)
            .build();
  }

  String run() {
    return run;
  }

  static void say(String line) {
    System.out.println(line);
  }
}
