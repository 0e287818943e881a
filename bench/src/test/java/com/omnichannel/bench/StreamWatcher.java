package com.omnichannel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Agents watching while the fixed-rate phase runs: {@code bench.idle-streams} event streams of
 * another company (Globex, which the load does not touch: they only get heartbeats) held open on
 * the instance that takes the webhooks, and one stream of Acme's, whose conversations the load
 * writes, on the second instance. For each contact message that stream shows, the latency from the
 * message being stored ({@code created_at}, same machine clock) to the event arriving.
 *
 * <p>Runs for {@code bench.seconds} and counts only what arrives after {@code
 * bench.warmup-seconds}; writes the outcome as a properties file (argument 1), which {@link
 * BenchReport} reads.
 */
public final class StreamWatcher {

  private static final Pattern CONTACT_MESSAGE =
      Pattern.compile("\"sender\":\"contact\".*?\"created_at\":\"([^\"]+)\"");

  private StreamWatcher() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    URI first = URI.create(System.getProperty("bench.url") + "/events");
    URI second = URI.create(System.getProperty("bench.second-url") + "/events");
    int idle = Integer.getInteger("bench.idle-streams", 1000);
    long seconds = Long.getLong("bench.seconds", 50);
    long warmup = Long.getLong("bench.warmup-seconds", 20);

    HttpClient http = HttpClient.newHttpClient();
    AtomicInteger open = new AtomicInteger();
    AtomicInteger heartbeats = new AtomicInteger();
    List<java.util.concurrent.CompletableFuture<?>> streams = new ArrayList<>();
    for (int i = 0; i < idle; i++) {
      streams.add(
          http.sendAsync(
              request(first, "Bearer globex-demo-key"),
              HttpResponse.BodyHandlers.fromLineSubscriber(
                  new Lines(
                      line -> {
                        if (line.equals(":heartbeat")) {
                          heartbeats.incrementAndGet();
                        }
                      },
                      open))));
    }
    long measureFrom = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger watching = new AtomicInteger();
    http.sendAsync(
        request(second, "Bearer acme-demo-key"),
        HttpResponse.BodyHandlers.fromLineSubscriber(
            new Lines(
                line -> {
                  if (!line.startsWith("data:") || System.nanoTime() < measureFrom) {
                    return;
                  }
                  Matcher contact = CONTACT_MESSAGE.matcher(line);
                  if (contact.find()) {
                    Instant stored = Instant.parse(contact.group(1));
                    latencies.add(Duration.between(stored, Instant.now()).toNanos() / 1_000);
                  }
                },
                watching)));
    Thread.sleep(Duration.ofSeconds(seconds).toMillis());
    write(out, idle, open.get(), heartbeats.get(), watching.get(), latencies);
    System.exit(0);
  }

  private static HttpRequest request(URI uri, String key) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", key)
        .header("Accept", "text/event-stream")
        .build();
  }

  private static void write(
      Path out, int asked, int open, int heartbeats, int watching, List<Long> micros)
      throws IOException {
    long[] sorted;
    synchronized (micros) {
      sorted = micros.stream().mapToLong(Long::longValue).toArray();
    }
    Arrays.sort(sorted);
    Properties result = new Properties();
    result.setProperty("idle-streams-asked", Integer.toString(asked));
    result.setProperty("idle-streams-open", Integer.toString(open));
    result.setProperty("heartbeats", Integer.toString(heartbeats));
    result.setProperty("watching-stream-open", Integer.toString(watching));
    result.setProperty("events", Integer.toString(sorted.length));
    if (sorted.length > 0) {
      result.setProperty("p50-ms", ms(sorted, 0.50));
      result.setProperty("p99-ms", ms(sorted, 0.99));
      result.setProperty("max-ms", ms(sorted, 1.0));
    }
    try (var writer = Files.newBufferedWriter(out)) {
      result.store(writer, "event stream latency, stored to seen on the other instance");
    }
  }

  private static String ms(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return String.format(Locale.ROOT, "%.1f", sorted[Math.max(0, index)] / 1000.0);
  }

  /** Hands each line to {@code onLine}; counts the stream as open once its first line came. */
  private static final class Lines implements Flow.Subscriber<String> {

    private final java.util.function.Consumer<String> onLine;
    private final AtomicInteger open;
    private boolean counted;

    Lines(java.util.function.Consumer<String> onLine, AtomicInteger open) {
      this.onLine = onLine;
      this.open = open;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (!counted) {
        counted = true;
        open.incrementAndGet();
      }
      onLine.accept(line);
    }

    @Override
    public void onError(Throwable failure) {
      if (counted) {
        open.decrementAndGet();
      }
    }

    @Override
    public void onComplete() {
      if (counted) {
        open.decrementAndGet();
      }
    }
  }
}
