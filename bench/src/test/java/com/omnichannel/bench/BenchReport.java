package com.omnichannel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one benchmark run into numbers: reads wrk's line for the throughput phase, Gatling's
 * statistics for the fixed-rate phase and {@link OverloadGenerator}'s results for the overload
 * phase, waits (within a bound) for the services to work through what the overload left behind,
 * computes end-to-end reply latency from the stored messages, and writes a Markdown summary. The
 * database floor is the one {@link WholeLoop} measured before its phases (its {@code
 * loop.properties}), and the summary starts with the whole loop's report ({@code loop.md}); without
 * the loop's folder, the floor is measured here.
 *
 * <p>Arguments: output folder, wrk log of the concurrency phase, Gatling's report (index.html) of
 * the rate phase or {@code none} when the phase did not run (then neither did the overload), run id
 * of the rate phase, peak heap of the API (MiB), peak heap of the worker (MiB). System properties:
 * bench.jdbc-url, bench.db-user, bench.db-password, bench.concurrency, bench.rate, bench.seconds
 * (of the fixed-rate phase), bench.floor-seconds, bench.drain-seconds (the bound on the wait for
 * the backlog), bench.loop (the folder of {@link WholeLoop}'s results), bench.overload (the
 * overload phase's results file; no overload rows without it), bench.overload-heap (peak heap
 * during it, "api / worker" MiB), bench.api-log and bench.worker-log (each service's log, "file:
 * first line of the overload"), in which it counts OutOfMemoryError lines once the backlog is
 * through, bench.api-pid, bench.phases (see {@link BenchPhases}).
 */
public final class BenchReport {

  record Phase(long ok, long ko, double perSecond, long p50, long p95, long p99, long max) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Phase concurrency = wrkPhase(Path.of(args[1]));
    // "none": the fixed-rate phase did not run (bin/bench runs it with BENCH_DETAIL=1).
    Phase rate =
        args[2].equals("none") ? null : phase(Path.of(args[2]), WebhookSimulation.MEASURED);
    String rateRun = args[3];
    String apiHeap = args[4];
    String workerHeap = args[5];
    String url = System.getProperty("bench.jdbc-url");
    String user = System.getProperty("bench.db-user", "omni");
    String password = System.getProperty("bench.db-password", "omni");
    int clients = Integer.getInteger("bench.concurrency", 16);
    int targetRate = Integer.getInteger("bench.rate", 500);
    Path loop =
        System.getProperty("bench.loop") == null ? null : Path.of(System.getProperty("bench.loop"));

    // After an overload the API, the relay and the worker may still be at work for a while; the
    // floor is the database alone, so it waits for them (within a bound) before it measures.
    long drained =
        awaitQuiet(
            url,
            user,
            password,
            Duration.ofSeconds(Integer.getInteger("bench.drain-seconds", 300)));
    String rateRows =
        rate == null
            ? "| fixed-rate phase (Gatling) and overload | not run (BENCH_DETAIL=1 runs them) | |\n"
            : rateRows(url, user, password, rate, rateRun, targetRate);
    // The whole loop measured the floor before its phases, in this run; without it, here.
    DatabaseFloor.Result floor;
    if (loop != null) {
      Properties measured = new Properties();
      try (var in = Files.newBufferedReader(loop.resolve("loop.properties"))) {
        measured.load(in);
      }
      floor =
          new DatabaseFloor.Result(
              Long.parseLong(measured.getProperty("floor.transactions")),
              Double.parseDouble(measured.getProperty("floor.seconds")));
    } else {
      BenchPhases.start("floor");
      floor =
          DatabaseFloor.measure(
              url,
              user,
              password,
              clients,
              Duration.ofSeconds(Integer.getInteger("bench.floor-seconds", 15)));
    }
    double ratio = concurrency.perSecond() / floor.perSecond();

    String summary =
        String.format(
            Locale.ROOT,
            """
            %s

            Machine: %d cores. Stack: bin/local-stack (MariaDB, Kafka, api-service, ai-reply-worker, channel-gateway, provider-simulator as separate processes).

            | measure | value | target |
            | --- | --- | --- |
            | webhook throughput at %d connections | %.0f req/s (%d ok, %d errors) | >= 0.35 x floor = %.0f req/s |
            | latency at %d connections p50 / p95 / p99 / max | %d / %d / %d / %d ms | |
            | database floor: two-insert transactions at %d clients | %.0f tx/s | |
            | webhook throughput / floor | %.2f | >= 0.35 |
            %s| peak heap used: api-service / ai-reply-worker | %s / %s MiB | <= 512 MiB each |
            %s""",
            loop == null
                ? "# Webhook benchmark, " + LocalDateTime.now().withNano(0)
                : "## The generic webhook path and the services",
            Runtime.getRuntime().availableProcessors(),
            clients,
            concurrency.perSecond(),
            concurrency.ok(),
            concurrency.ko(),
            0.35 * floor.perSecond(),
            clients,
            concurrency.p50(),
            concurrency.p95(),
            concurrency.p99(),
            concurrency.max(),
            clients,
            floor.perSecond(),
            ratio,
            rateRows,
            apiHeap,
            workerHeap,
            rate == null ? "" : overloadRows(concurrency.perSecond(), drained));
    if (loop != null) {
      summary = Files.readString(loop.resolve("loop.md")) + summary;
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.md"), summary);
    System.out.println(summary);
  }

  /** The fixed-rate phase's rows: webhook latency, end-to-end reply latency, delivery. */
  private static String rateRows(
      String url, String user, String password, Phase rate, String rateRun, int targetRate)
      throws Exception {
    List<Double> endToEnd = endToEndMillis(url, user, password, rateRun);
    // The last replies may still be on their way: wait until no more arrive.
    for (int i = 0; i < 60 && endToEnd.size() < rate.ok(); i++) {
      Thread.sleep(500);
      endToEnd = endToEndMillis(url, user, password, rateRun);
    }
    return String.format(
        Locale.ROOT,
        """
        | webhook latency at %d req/s p50 / p95 / p99 / max | %d / %d / %d / %d ms (%d ok, %d errors, %.0f req/s achieved) | p99 <= 20 ms |
        | end-to-end, inbound created_at to AI reply created_at, at %d req/s p50 / p99 / max | %s | p99 <= 150 ms |
        | replies found for the rate phase | %d of %d | all |
        %s""",
        targetRate,
        rate.p50(),
        rate.p95(),
        rate.p99(),
        rate.max(),
        rate.ok(),
        rate.ko(),
        rate.perSecond(),
        targetRate,
        endToEnd.isEmpty()
            ? "no replies"
            : String.format(
                Locale.ROOT,
                "%.1f / %.1f / %.1f ms",
                percentile(endToEnd, 50),
                percentile(endToEnd, 99),
                endToEnd.get(endToEnd.size() - 1)),
        endToEnd.size(),
        rate.ok(),
        deliveryRows(url, user, password, rateRun, targetRate));
  }

  /**
   * The overload phase's rows: what {@link OverloadGenerator} wrote, against the throughput the wrk
   * phase measured (the capacity).
   */
  static String overloadRows(double capacity, long drained) throws Exception {
    String file = System.getProperty("bench.overload");
    if (file == null || !Files.exists(Path.of(file))) {
      return "| overload phase | not run | |\n";
    }
    Properties r = new Properties();
    try (var in = Files.newBufferedReader(Path.of(file))) {
      r.load(in);
    }
    long sent = Long.parseLong(r.getProperty("sent"));
    long hung = Long.parseLong(r.getProperty("hung"));
    long connectFailed = Long.parseLong(r.getProperty("connect-failed"));
    long closed = Long.parseLong(r.getProperty("closed-unanswered"));
    long noSocket = Long.parseLong(r.getProperty("no-socket"));
    double okPerSecond = Double.parseDouble(r.getProperty("overload.ok-per-second"));
    double overloadRate = Double.parseDouble(r.getProperty("overload.rate"));
    double recoveryRate = Double.parseDouble(r.getProperty("recovery.rate"));
    String others = r.getProperty("other-status");
    return String.format(
        Locale.ROOT,
        """
        | overload: open model, a new connection per delivery, %.0f req/s (%.1f x throughput) for %s s, then %.0f req/s (%.1f x) for %s s | %d sent (%s + %s; generator at most %s ms behind schedule, %s deliveries over 100 ms) | |
        | 2xx answered per second during the overload | %.0f req/s = %.2f x throughput | >= 0.80 x throughput |
        | 503 / 429 answers: count; latency p50 / p99 / max | %s; %s / %s / %s ms | answered within 1 s (max <= 1000 ms) |
        | hung (no answer in %s s) + failed to connect, of all sent | %d + %d = %.2f %% (besides: %d closed unanswered, %d not sent for want of a client socket) | < 1 %% |
        | other statuses (status: count) | %s | none |
        | at %.0f req/s, sent from %s s after the drop on: latency p99 (p50) | %s ms (%s ms; %s sent, %s not 2xx) | p99 <= 100 ms |
        | OutOfMemoryError in the logs: api-service / ai-reply-worker | %s / %s (api-service running afterwards: %s) | none |
        | peak heap used during the overload: api-service / ai-reply-worker | %s MiB | |
        | backlog after the overload (outbox relayed, no message stored for 3 s) | %s | |
        """,
        overloadRate,
        overloadRate / capacity,
        r.getProperty("overload.seconds"),
        recoveryRate,
        recoveryRate / capacity,
        r.getProperty("recovery.seconds"),
        sent,
        r.getProperty("overload.sent"),
        r.getProperty("recovery.sent"),
        r.getProperty("generator.max-late-ms"),
        r.getProperty("generator.late-over-100ms"),
        okPerSecond,
        okPerSecond / capacity,
        r.getProperty("rejected"),
        r.getProperty("rejected.p50-ms"),
        r.getProperty("rejected.p99-ms"),
        r.getProperty("rejected.max-ms"),
        r.getProperty("timeout-seconds"),
        hung,
        connectFailed,
        sent == 0 ? 0 : 100.0 * (hung + connectFailed) / sent,
        closed,
        noSocket,
        others.equals("{}") ? "none" : others,
        recoveryRate,
        r.getProperty("recovery.settle-seconds"),
        r.getProperty("settled.p99-ms"),
        r.getProperty("settled.p50-ms"),
        r.getProperty("settled.sent"),
        r.getProperty("settled.not-ok"),
        outOfMemoryErrors(System.getProperty("bench.api-log")),
        outOfMemoryErrors(System.getProperty("bench.worker-log")),
        Long.getLong("bench.api-pid") == null
            ? "?"
            : ProcessHandle.of(Long.getLong("bench.api-pid")).isPresent() ? "yes" : "no",
        System.getProperty("bench.overload-heap", "?"),
        drained >= 0
            ? "worked through in " + drained + " s"
            : "still at work after "
                + Integer.getInteger("bench.drain-seconds", 300)
                + " s; the floor below was measured meanwhile");
  }

  /**
   * Lines with OutOfMemoryError in a log from a given line on ("file:line"). Counted at the end,
   * not as soon as the load stops: threads that ran out of memory go on failing, and logging it,
   * for a while after.
   */
  private static String outOfMemoryErrors(String logFrom) throws Exception {
    if (logFrom == null) {
      return "?";
    }
    int colon = logFrom.lastIndexOf(':');
    Path log = Path.of(logFrom.substring(0, colon));
    long from = Long.parseLong(logFrom.substring(colon + 1));
    if (!Files.exists(log)) {
      return "no log";
    }
    long count;
    try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
      count = lines.skip(from - 1).filter(l -> l.contains("OutOfMemoryError")).count();
    }
    return count == 0 ? "none" : count + " lines";
  }

  /**
   * Waits until the services have worked through their backlog: no outbox row left for the relay
   * and no message stored (webhook or AI reply) for 3 s. Returns the seconds it took, or -1 when
   * they were still at work at the bound. Reads only, so it takes no lock the services need.
   */
  static long awaitQuiet(String url, String user, String password, Duration bound)
      throws Exception {
    long started = System.nanoTime();
    long deadline = started + bound.toNanos();
    long lastMessage = -1;
    int quietSeconds = 0;
    try (Connection db = DriverManager.getConnection(url, user, password);
        PreparedStatement query =
            db.prepareStatement(
                """
                SELECT (SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL) AS pending,
                       (SELECT COALESCE(MAX(id), 0) FROM messages) AS last_message
                """)) {
      db.setAutoCommit(true);
      db.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = query.executeQuery()) {
          rs.next();
          long pending = rs.getLong("pending");
          long message = rs.getLong("last_message");
          quietSeconds = pending == 0 && message == lastMessage ? quietSeconds + 1 : 0;
          lastMessage = message;
        }
        if (quietSeconds >= 3) {
          return Math.round((System.nanoTime() - started) / 1e9);
        }
        Thread.sleep(1000);
      }
    }
    return -1;
  }

  /** The closing line bench/wrk-webhook.lua prints. */
  static Phase wrkPhase(Path wrkLog) throws Exception {
    String line =
        Files.readAllLines(wrkLog).stream()
            .filter(l -> l.startsWith("BENCH "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No BENCH line in " + wrkLog));
    var values = new java.util.HashMap<String, Double>();
    for (String pair : line.substring(6).split(" ")) {
      String[] kv = pair.split("=");
      values.put(kv[0], Double.parseDouble(kv[1]));
    }
    return new Phase(
        values.get("ok").longValue(),
        values.get("errors").longValue(),
        values.get("ok") / values.get("seconds"),
        Math.round(values.get("p50")),
        Math.round(values.get("p95")),
        Math.round(values.get("p99")),
        Math.round(values.get("max")));
  }

  /**
   * One request's statistics from Gatling's HTML report: the row of its statistics table. The
   * warm-up's requests have a name of their own, so they stay out of the measured ones.
   */
  static Phase phase(Path reportIndex, String request) throws Exception {
    String html = Files.readString(reportIndex);
    int row = html.indexOf("class=\"ellipsed-name\">" + request + "</span>");
    if (row < 0) {
      throw new IllegalStateException("No request '" + request + "' in " + reportIndex);
    }
    String cells = html.substring(row, html.indexOf("</tr>", row));
    // Gatling's own per-second column spreads the count over the whole simulation, warm-up
    // included; the measured phase lasted bench.seconds.
    return new Phase(
        (long) cell(cells, 3),
        (long) cell(cells, 4),
        cell(cells, 3) / Integer.getInteger("bench.seconds", 30),
        (long) cell(cells, 8),
        (long) cell(cells, 9),
        (long) cell(cells, 10),
        (long) cell(cells, 12));
  }

  /**
   * Column {@code column} of a statistics row: 3 ok, 4 ko, 8 to 11 the percentiles that
   * bench/src/test/resources/gatling.conf sets (50, 95, 99, 99.9), 12 the maximum.
   */
  static double cell(String row, int column) {
    Matcher value = Pattern.compile("col-" + column + "\">([^<]*)</td>").matcher(row);
    if (!value.find()) {
      throw new IllegalStateException("No column " + column + " in Gatling's statistics");
    }
    String text = value.group(1).strip().replace(",", "");
    return text.equals("-") ? 0 : Double.parseDouble(text);
  }

  static List<Double> endToEndMillis(String url, String user, String password, String run)
      throws Exception {
    List<Double> millis = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(url, user, password);
        PreparedStatement query =
            db.prepareStatement(
                """
                SELECT TIMESTAMPDIFF(MICROSECOND, m.created_at, r.created_at) AS micros
                  FROM messages m
                  JOIN messages r ON r.in_reply_to = m.id
                 WHERE m.channel_id = 1 AND m.channel_message_id LIKE ?
                """)) {
      query.setString(1, run + "-%");
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          millis.add(rs.getLong("micros") / 1000.0);
        }
      }
    }
    Collections.sort(millis);
    return millis;
  }

  /**
   * The delivery of the rate phase's AI replies to the provider simulator: from the reply being
   * stored to the provider's 2xx (sent_at), once no reply of the phase is pending any more (within
   * a minute), and the statuses the replies ended in.
   */
  static String deliveryRows(String url, String user, String password, String run, int rate)
      throws Exception {
    String replies =
        """
          FROM messages m
          JOIN messages r ON r.in_reply_to = m.id
         WHERE m.channel_id = 1 AND m.channel_message_id LIKE ?
        """;
    Map<String, Long> statuses = new java.util.TreeMap<>();
    List<Double> millis = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(url, user, password)) {
      for (int i = 0; i < 120; i++) {
        statuses.clear();
        try (PreparedStatement query =
            db.prepareStatement(
                "SELECT COALESCE(r.delivery_status, 'none') AS status, COUNT(*) AS n"
                    + replies
                    + " GROUP BY r.delivery_status")) {
          query.setString(1, run + "-%");
          try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
              statuses.put(rs.getString("status"), rs.getLong("n"));
            }
          }
        }
        if (!statuses.containsKey("pending")) {
          break;
        }
        Thread.sleep(500);
      }
      try (PreparedStatement query =
          db.prepareStatement(
              "SELECT TIMESTAMPDIFF(MICROSECOND, r.created_at, r.sent_at) AS micros"
                  + replies
                  + " AND r.sent_at IS NOT NULL")) {
        query.setString(1, run + "-%");
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            millis.add(rs.getLong("micros") / 1000.0);
          }
        }
      }
    }
    Collections.sort(millis);
    String latency =
        millis.isEmpty()
            ? "none sent"
            : String.format(
                Locale.ROOT,
                "%.1f / %.1f / %.1f ms (%d sent)",
                percentile(millis, 50),
                percentile(millis, 99),
                millis.get(millis.size() - 1),
                millis.size());
    return String.format(
        Locale.ROOT,
        """
        | delivery, AI reply stored to the provider simulator's 2xx, at %d req/s p50 / p99 / max | %s | |
        | delivery status of the rate phase's replies at the end | %s | all sent, delivered or read |
        """,
        rate,
        latency,
        statuses);
  }

  static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
