package com.omnichannel.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Webhook deliveries in an open model over keep-alive connections, shared by {@link
 * ProviderLatency} and {@link WholeLoop}: the calling thread fires each delivery when it is due
 * whatever the answers do, and latency is counted from when it was due, not from when it went out,
 * so a late generator is charged to the numbers (no coordinated omission); how late it fired is
 * kept too. Deliveries share the JDK HttpClient's pool of connections, as a provider keeps its
 * connections at a steady rate. A delivery without an answer within {@link #TIMEOUT} counts as the
 * whole timeout.
 */
final class OpenModelLoad implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final String NO_ANSWER = "no answer";

  /** What the deliveries of one run of the load got; latencies sorted, in nanoseconds. */
  record Outcome(int ok, Map<String, Integer> notOk, String sample, long[] sorted, long late) {

    int sent() {
      return sorted.length;
    }

    /** The share of deliveries answered 2xx, 0 when none was sent. */
    double acceptedShare() {
      return sorted.length == 0 ? 0 : (double) ok / sorted.length;
    }

    long percentile(double p) {
      return OpenModelLoad.percentile(sorted, p);
    }

    long max() {
      return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    /** The statuses that were not 2xx, "none" when there were none. */
    String others() {
      return notOk.isEmpty() ? "none" : notOk.toString().replaceAll("[{}]", "");
    }
  }

  /** Deliveries under way: those sent until the schedule ended or was stopped. */
  static final class Sending {
    private final long[] latency;
    private final String[] answer;
    private final CompletableFuture<?>[] done;
    private final int sent;
    private final long late;

    private Sending(
        long[] latency, String[] answer, CompletableFuture<?>[] done, int sent, long late) {
      this.latency = latency;
      this.answer = answer;
      this.done = done;
      this.sent = sent;
      this.late = late;
    }

    int sent() {
      return sent;
    }

    /** Waits for every delivery sent to be answered or to fail, then counts. */
    Outcome await() {
      CompletableFuture.allOf(Arrays.copyOf(done, sent)).join();
      long[] sorted = Arrays.copyOf(latency, sent);
      Map<String, Integer> notOk = new TreeMap<>();
      String sample = null;
      for (int i = 0; i < sent; i++) {
        if (answer[i] == null) {
          continue;
        }
        boolean unanswered = answer[i].startsWith(NO_ANSWER);
        if (unanswered) {
          sorted[i] = Math.max(sorted[i], TIMEOUT.toNanos());
        }
        notOk.merge(unanswered ? NO_ANSWER : answer[i].split(" ", 2)[0], 1, Integer::sum);
        // An answer's body says more than a failure to get one.
        if (sample == null || !unanswered && sample.startsWith("`" + NO_ANSWER)) {
          String text = answer[i].replaceAll("\\s+", " ");
          sample = "`" + (text.length() > 300 ? text.substring(0, 300) + "…" : text) + "`";
        }
      }
      Arrays.sort(sorted);
      int ok = sent - notOk.values().stream().mapToInt(Integer::intValue).sum();
      return new Outcome(ok, notOk, sample, sorted, late);
    }
  }

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(TIMEOUT)
          .executor(executor)
          .build();

  /**
   * Sends up to {@code count} deliveries at {@code rate} a second, the first 100 ms from now, and
   * returns once the last is sent or {@code stop} said to stop (asked before each delivery). A
   * request is made just before it is due, so that making it (signing, say) costs the schedule
   * nothing as long as it takes less than the gap between two.
   */
  Sending send(double rate, int count, IntFunction<HttpRequest> requests, BooleanSupplier stop) {
    long[] latency = new long[count];
    String[] answer = new String[count]; // null for a 2xx
    CompletableFuture<?>[] done = new CompletableFuture<?>[count];
    long maxLate = 0;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    int sent = 0;
    while (sent < count && !stop.getAsBoolean()) {
      int n = sent;
      HttpRequest request = requests.apply(n);
      long due = start + Math.round(n * 1e9 / rate);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      maxLate = Math.max(maxLate, System.nanoTime() - due);
      done[n] =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .handle(
                  (response, failure) -> {
                    latency[n] = System.nanoTime() - due;
                    if (response == null) {
                      Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                      answer[n] = NO_ANSWER + ": " + cause;
                    } else if (response.statusCode() / 100 != 2) {
                      answer[n] = response.statusCode() + " " + response.body();
                    }
                    return null;
                  });
      sent++;
    }
    return new Sending(latency, answer, done, sent, maxLate);
  }

  /** Nearest rank, as {@link OverloadGenerator} counts it; -1 of nothing. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
