package com.omnichannel.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one message of the whole loop costs: CPU milliseconds of each process of the stack, and the
 * database's statements and rows, each the difference between two snapshots divided by the messages
 * accepted in between.
 */
final class MessageCosts {

  /** The server's counters (SHOW GLOBAL STATUS) the costs table shows, in its order. */
  static final List<String> STATUS =
      List.of(
          "Com_select",
          "Com_insert",
          "Com_update",
          "Com_delete",
          "Com_commit",
          "Innodb_rows_read",
          "Innodb_rows_inserted",
          "Innodb_rows_updated",
          "Innodb_rows_deleted",
          "Innodb_buffer_pool_reads",
          "Innodb_row_lock_time");

  /** Clock ticks of each process tree (-1: gone) and the server's counters at one moment. */
  record Snapshot(Map<String, Long> cpuTicks, Map<String, Long> status) {}

  /** What the stack's processes take while nothing is sent: CPU ms per second of each. */
  record Idle(double seconds, Map<String, Double> cpuMillisPerSecond) {

    /** The whole stack's share of one core, as a percentage. */
    double percentOfACore() {
      return totalCpuMillis(cpuMillisPerSecond) / 10;
    }
  }

  private MessageCosts() {}

  /** CPU ms per message of each process; NaN for one that was gone at either snapshot. */
  static Map<String, Double> cpuMillisPerMessage(
      Snapshot before, Snapshot after, long ticksPerSecond, long messages) {
    return cpuMillisPer(before.cpuTicks(), after.cpuTicks(), ticksPerSecond, messages);
  }

  /** Each process's CPU ms between the two tick counts over {@code units}; NaN where unknown. */
  private static Map<String, Double> cpuMillisPer(
      Map<String, Long> before, Map<String, Long> after, long ticksPerSecond, double units) {
    Map<String, Double> per = new LinkedHashMap<>();
    before.forEach(
        (name, ticks) -> {
          Long later = after.get(name);
          boolean known = ticks >= 0 && later != null && later >= ticks && units > 0;
          per.put(name, known ? (later - ticks) * 1000.0 / ticksPerSecond / units : Double.NaN);
        });
    return per;
  }

  /** Each counter's increase per message; NaN for one that either snapshot lacks. */
  static Map<String, Double> statusPerMessage(Snapshot before, Snapshot after, long messages) {
    Map<String, Double> perMessage = new LinkedHashMap<>();
    for (String name : STATUS) {
      Long from = before.status().get(name);
      Long to = after.status().get(name);
      perMessage.put(
          name,
          from == null || to == null || messages <= 0
              ? Double.NaN
              : (double) (to - from) / messages);
    }
    return perMessage;
  }

  /** The CPU of all the processes together per message; NaN when one is unknown. */
  static double totalCpuMillis(Map<String, Double> cpuPerMessage) {
    return cpuPerMessage.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** The CPU the stack took over {@code seconds} with nothing sent, in ms per second. */
  static Idle idle(
      Map<String, Long> before, Map<String, Long> after, long ticksPerSecond, double seconds) {
    return new Idle(seconds, cpuMillisPer(before, after, ticksPerSecond, seconds));
  }

  /** The idle stack's section of the report. */
  static String idleSection(Idle idle) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                """
                ## The idle stack

                CPU of each process over %.0f s with nothing sent, after the warm-ups and the \
                capacity phase were done (consumers polling, schedulers and the relay waiting): \
                what a deployment pays before its first message.

                | process | CPU ms per second | share of a core |
                | --- | --- | --- |
                """,
                idle.seconds()));
    idle.cpuMillisPerSecond()
        .forEach(
            (name, ms) ->
                out.append(
                    String.format(
                        Locale.ROOT, "| %s | %s | %s %% |%n", name, number(ms), number(ms / 10))));
    double total = totalCpuMillis(idle.cpuMillisPerSecond());
    out.append(
        String.format(
            Locale.ROOT,
            "| the whole stack | %s | %s %% |%n%n",
            number(total),
            number(total / 10)));
    return out.toString();
  }

  /** The costs as Markdown table rows: what, per message. */
  static String rows(Map<String, Double> cpuPerMessage, Map<String, Double> statusPerMessage) {
    StringBuilder rows = new StringBuilder();
    cpuPerMessage.forEach((name, ms) -> row(rows, "CPU of " + name + ", ms", ms));
    row(rows, "CPU of the whole stack, ms", totalCpuMillis(cpuPerMessage));
    statusPerMessage.forEach(
        (name, value) ->
            row(rows, name.equals("Innodb_row_lock_time") ? name + ", ms" : name, value));
    return rows.toString();
  }

  private static void row(StringBuilder rows, String what, double perMessage) {
    rows.append("| ").append(what).append(" | ").append(number(perMessage)).append(" |\n");
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "?";
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : "%.2f", value);
  }
}
