package com.omnichannel.bench;

import com.omnichannel.bench.PrometheusScrapes.Sample;
import com.omnichannel.bench.PrometheusScrapes.Scrape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The "Key series" section of the summary: what the dashboard would show over the run, from the
 * scrapes bin/bench took of the services' {@code /actuator/prometheus} (one file per service,
 * {@link PrometheusScrapes}) and the times it recorded at the start of each phase ({@code
 * phases.txt}, lines {@code <epoch ms> <phase>}). One row per scrape of the API; rates and
 * percentiles over the interval since the scrape before, the way Prometheus' {@code rate} and
 * {@code histogram_quantile} compute them; gauges as they were at the scrape. Scrapes from the
 * start of the database floor on are left out.
 *
 * <p>Arguments: the folder of the scrapes, the summary to append to.
 */
public final class KeySeries {

  private static final String BARS = "▁▂▃▄▅▆▇█";
  private static final String FLOOR = "floor";
  private static final Predicate<Sample> INBOUND = s -> s.has("webhook", "inbound");

  record Phase(long epochMillis, String name) {}

  record Row(
      long seconds,
      String phase,
      double storedPerSecond,
      double refusedPerSecond,
      double webhookP99Millis,
      double outboxPending,
      double oldestAgeSeconds,
      double aiReplyP50Millis,
      double aiReplyP99Millis,
      double deliveryP99Millis,
      Map<String, Double> lagByGroup,
      double heapMebibytes) {}

  private KeySeries() {}

  public static void main(String[] args) throws Exception {
    Path metrics = Path.of(args[0]);
    List<Phase> phases = phases(metrics.resolve("phases.txt"));
    List<Row> rows =
        rows(
            phases,
            PrometheusScrapes.read(metrics.resolve("api.prom")),
            List.of(
                PrometheusScrapes.read(metrics.resolve("worker.prom")),
                PrometheusScrapes.read(metrics.resolve("gateway.prom"))));
    String section = render(rows, phases);
    Files.writeString(
        Path.of(args[1]), section, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.println(section);
  }

  static List<Phase> phases(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream()
        .filter(l -> !l.isBlank())
        .map(l -> l.strip().split(" ", 2))
        .map(p -> new Phase(Long.parseLong(p[0]), p[1]))
        .sorted((a, b) -> Long.compare(a.epochMillis(), b.epochMillis()))
        .toList();
  }

  /**
   * The rows, from the API's scrapes and those of the other services (for their consumer lag),
   * which bin/bench takes at the same moment and marks with the same time.
   */
  static List<Row> rows(List<Phase> phases, List<Scrape> api, List<List<Scrape>> others) {
    long origin = phases.isEmpty() ? api.get(0).epochMillis() : phases.get(0).epochMillis();
    long end =
        phases.stream()
            .filter(p -> p.name().equals(FLOOR))
            .mapToLong(Phase::epochMillis)
            .findFirst()
            .orElse(Long.MAX_VALUE);
    List<Map<Long, Scrape>> byTime = new ArrayList<>();
    for (List<Scrape> scrapes : others) {
      Map<Long, Scrape> at = new HashMap<>();
      scrapes.forEach(s -> at.put(s.epochMillis(), s));
      byTime.add(at);
    }
    List<Row> rows = new ArrayList<>();
    Scrape previous = null;
    for (Scrape current : api) {
      if (current.epochMillis() >= end) {
        break;
      }
      List<Scrape> all = new ArrayList<>(List.of(current));
      byTime.forEach(at -> all.add(at.get(current.epochMillis())));
      rows.add(row(origin, phaseAt(phases, current.epochMillis()), previous, current, all));
      // A scrape that got no answer is no baseline: the next row's rates and percentiles span the
      // gap, as Prometheus' would, rather than everything since the service started.
      if (!current.samples().isEmpty()) {
        previous = current;
      }
    }
    return rows;
  }

  private static Row row(
      long origin, String phase, Scrape previous, Scrape current, List<Scrape> all) {
    return new Row(
        Math.round((current.epochMillis() - origin) / 1000.0),
        phase,
        rate(previous, current, "omni_webhook_latency_seconds_count", outcome("stored")),
        rate(previous, current, "omni_webhook_latency_seconds_count", outcome("refused")),
        millis(quantile(0.99, previous, current, "omni_webhook_latency_seconds_bucket", INBOUND)),
        current.sum("omni_outbox_pending", s -> true),
        current.sum("omni_outbox_oldest_age_seconds", s -> true),
        millis(quantile(0.5, previous, current, "omni_ai_reply_latency_seconds_bucket", s -> true)),
        millis(
            quantile(0.99, previous, current, "omni_ai_reply_latency_seconds_bucket", s -> true)),
        millis(
            quantile(
                0.99, previous, current, "omni_delivery_stored_to_sent_seconds_bucket", s -> true)),
        lagByGroup(all),
        current.sum("jvm_memory_used_bytes", s -> s.has("area", "heap")) / (1024 * 1024));
  }

  private static Predicate<Sample> outcome(String outcome) {
    return INBOUND.and(s -> s.has("outcome", outcome));
  }

  private static double millis(double seconds) {
    return seconds * 1000;
  }

  /** The phase under way at a time: the last that started at or before it. */
  static String phaseAt(List<Phase> phases, long epochMillis) {
    String name = "";
    for (Phase phase : phases) {
      if (phase.epochMillis() <= epochMillis) {
        name = phase.name();
      }
    }
    return name;
  }

  /** The increase per second of a counter (summed over the matching series) between scrapes. */
  static double rate(Scrape previous, Scrape current, String name, Predicate<Sample> filter) {
    if (previous == null) {
      return Double.NaN;
    }
    double seconds = (current.epochMillis() - previous.epochMillis()) / 1000.0;
    if (current.samples().isEmpty() || seconds <= 0) {
      return Double.NaN;
    }
    // A series is created by its first event: before it appears, it counts 0.
    double before = previous.sum(name, filter);
    double now = current.sum(name, filter);
    double increase = (Double.isNaN(now) ? 0 : now) - (Double.isNaN(before) ? 0 : before);
    return increase < 0 ? Double.NaN : increase / seconds;
  }

  /**
   * A quantile of what a histogram observed between two scrapes: the increase of each cumulative
   * bucket (summed by {@code le} over the matching series), then {@link #quantile(double,
   * NavigableMap)}.
   */
  static double quantile(
      double q, Scrape previous, Scrape current, String name, Predicate<Sample> filter) {
    if (previous == null) {
      return Double.NaN;
    }
    NavigableMap<Double, Double> before = buckets(previous, name, filter);
    NavigableMap<Double, Double> now = buckets(current, name, filter);
    NavigableMap<Double, Double> increase = new TreeMap<>();
    now.forEach((le, count) -> increase.put(le, count - before.getOrDefault(le, 0.0)));
    return quantile(q, increase);
  }

  static NavigableMap<Double, Double> buckets(
      Scrape scrape, String name, Predicate<Sample> filter) {
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    for (Sample s : scrape.named(name)) {
      if (filter.test(s) && s.labels().containsKey("le")) {
        buckets.merge(PrometheusScrapes.number(s.labels().get("le")), s.value(), Double::sum);
      }
    }
    return buckets;
  }

  /**
   * Prometheus' histogram_quantile over cumulative bucket counts keyed by upper bound: the rank q ×
   * the count of the +Inf bucket, found in the first bucket that reaches it, interpolated linearly
   * within that bucket (from 0 for the first one); in the +Inf bucket, the highest finite bound.
   * NaN without +Inf, without observations or with a count that went down (a restart).
   */
  static double quantile(double q, NavigableMap<Double, Double> cumulative) {
    Double total = cumulative.get(Double.POSITIVE_INFINITY);
    if (total == null || total <= 0 || cumulative.size() < 2) {
      return Double.NaN;
    }
    if (cumulative.values().stream().anyMatch(c -> c < 0)) {
      return Double.NaN;
    }
    double rank = q * total;
    double lowerBound = 0;
    double below = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      double upperBound = bucket.getKey();
      // Buckets read a moment apart may be a few counts out of order; a count never falls with le.
      double count = Math.max(below, bucket.getValue());
      if (count >= rank) {
        if (upperBound == Double.POSITIVE_INFINITY) {
          return cumulative.lowerKey(upperBound);
        }
        if (count == below) {
          return upperBound;
        }
        return lowerBound + (upperBound - lowerBound) * (rank - below) / (count - below);
      }
      lowerBound = upperBound;
      below = count;
    }
    return Double.NaN;
  }

  /**
   * Each consumer group's lag, summed over its topics; a group and topic that more than one service
   * reports (each measures the whole group's lag) counts once, at its highest.
   */
  static Map<String, Double> lagByGroup(List<Scrape> scrapes) {
    Map<String, Map<String, Double>> byGroupAndTopic = new TreeMap<>();
    for (Scrape scrape : scrapes) {
      if (scrape == null) {
        continue;
      }
      for (Sample s : scrape.named("omni_kafka_consumer_lag")) {
        byGroupAndTopic
            .computeIfAbsent(s.labels().getOrDefault("group", "?"), g -> new TreeMap<>())
            .merge(s.labels().getOrDefault("topic", "?"), s.value(), Math::max);
      }
    }
    Map<String, Double> lag = new TreeMap<>();
    byGroupAndTopic.forEach(
        (group, topics) ->
            lag.put(group, topics.values().stream().mapToDouble(Double::doubleValue).sum()));
    return lag;
  }

  /** One bar per value, from the lowest (0 up to an eighth of the highest) to the highest. */
  static String sparkline(List<Double> values) {
    double max = values.isEmpty() ? 0 : max(values);
    StringBuilder line = new StringBuilder();
    for (double v : values) {
      if (Double.isNaN(v)) {
        line.append(' ');
      } else if (v <= 0 || max <= 0) {
        line.append(BARS.charAt(0));
      } else {
        int bar = (int) Math.ceil(v / max * BARS.length()) - 1;
        line.append(BARS.charAt(Math.max(0, Math.min(BARS.length() - 1, bar))));
      }
    }
    return line.toString();
  }

  static String render(List<Row> rows, List<Phase> phases) {
    List<String> groups = new ArrayList<>(new TreeSet<>(groupsOf(rows)));
    Map<String, Character> letters = phaseLetters(phases);
    StringBuilder out = new StringBuilder();
    out.append(
        """

        ## Key series

        The services' `/actuator/prometheus`, scraped every few seconds from the start of the \
        warm-up to the end of the drain (`metrics/` beside this summary); a row per scrape, under \
        the phase that was under way at it. Per second and percentiles: over the interval since \
        the scrape before, percentiles from the increase of the histogram buckets as Prometheus' \
        `histogram_quantile` computes them (so within a bucket's bounds); the webhook p99 over \
        every outcome, refusals included. Outbox, lag and heap: at the scrape. Lag: per consumer \
        group, summed over its topics. A dash: no value (nothing observed in the interval).

        ```text
        """);
    Map<String, List<Double>> lines = new LinkedHashMap<>();
    lines.put("webhooks stored/s", column(rows, Row::storedPerSecond));
    lines.put("webhook p99 ms", column(rows, Row::webhookP99Millis));
    lines.put("outbox oldest age s", column(rows, Row::oldestAgeSeconds));
    lines.put("AI reply p99 ms", column(rows, Row::aiReplyP99Millis));
    for (String group : groups) {
      lines.put("lag " + group, column(rows, r -> r.lagByGroup().getOrDefault(group, Double.NaN)));
    }
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
    StringBuilder strip = new StringBuilder();
    rows.forEach(r -> strip.append(letters.getOrDefault(r.phase(), ' ')));
    out.append(pad("phase", width)).append(strip).append('\n');
    lines.forEach(
        (label, values) ->
            out.append(pad(label, width))
                .append(sparkline(values))
                .append("  max ")
                .append(number(max(values)))
                .append('\n'));
    out.append("```\n\n");
    List<String> legend = new ArrayList<>();
    letters.forEach((phase, letter) -> legend.add(letter + " " + phase));
    out.append("Phases: ").append(String.join(", ", legend)).append(".\n\n");

    out.append(
        "| s | phase | webhooks stored/s | refused/s | webhook p99 ms | outbox pending | outbox"
            + " oldest age s | AI reply p50 / p99 ms | delivery p99 ms |");
    groups.forEach(g -> out.append(" lag ").append(g).append(" |"));
    out.append(" API heap MiB |\n|");
    out.append(" --- |".repeat(10 + groups.size())).append('\n');
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s | %s | %s / %s | %s |",
              r.seconds(),
              r.phase(),
              number(r.storedPerSecond()),
              number(r.refusedPerSecond()),
              number(r.webhookP99Millis()),
              number(r.outboxPending()),
              number(r.oldestAgeSeconds()),
              number(r.aiReplyP50Millis()),
              number(r.aiReplyP99Millis()),
              number(r.deliveryP99Millis())));
      groups.forEach(
          g ->
              out.append(' ')
                  .append(number(r.lagByGroup().getOrDefault(g, Double.NaN)))
                  .append(" |"));
      out.append(' ').append(number(r.heapMebibytes())).append(" |\n");
    }
    return out.toString();
  }

  private static double max(List<Double> values) {
    return values.stream().filter(v -> !v.isNaN()).mapToDouble(v -> v).max().orElse(Double.NaN);
  }

  private static List<String> groupsOf(List<Row> rows) {
    return rows.stream().flatMap(r -> r.lagByGroup().keySet().stream()).toList();
  }

  private static List<Double> column(List<Row> rows, Function<Row, Double> value) {
    return rows.stream().map(value).toList();
  }

  /** A letter per phase for the strip above the sparklines: its first not taken by another. */
  static Map<String, Character> phaseLetters(List<Phase> phases) {
    Map<String, Character> letters = new LinkedHashMap<>();
    for (Phase phase : phases) {
      if (phase.name().equals(FLOOR) || letters.containsKey(phase.name())) {
        continue;
      }
      for (char c : (phase.name() + "?").toCharArray()) {
        if (Character.isLetter(c) && !letters.containsValue(c) || c == '?') {
          letters.put(phase.name(), c);
          break;
        }
      }
    }
    return letters;
  }

  /** A dash for no value; no decimals for whole numbers and from 10 on, one below. */
  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "–";
    }
    boolean whole = Math.abs(value) >= 10 || value == Math.rint(value);
    return String.format(Locale.ROOT, whole ? "%.0f" : "%.1f", value);
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(1, width - text.length()));
  }
}
