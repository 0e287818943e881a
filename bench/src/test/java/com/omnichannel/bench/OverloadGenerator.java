package com.omnichannel.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Webhook providers under overload, in an open model: deliveries arrive on schedule whatever the
 * answers do, each on a new TCP connection ({@code Connection: close}, as providers send them),
 * with unique provider ids over many contacts. First {@code bench.overload-rate} a second for
 * {@code bench.overload-seconds}, then {@code bench.recovery-rate} a second for {@code
 * bench.recovery-seconds}. Every delivery gets {@code bench.timeout-seconds} to be answered.
 *
 * <p>Why not Gatling: at 5,000 to 8,000 new connections a second Gatling's JVM (a virtual user, a
 * session and a Netty channel pipeline per delivery, a log line per request) takes a large share of
 * the two cores the system under test runs on, and what it takes is counted against the system.
 * This generator is one thread on one NIO selector that does little more than the system calls of
 * each exchange. Latency is measured from the time each delivery was scheduled to be sent, not from
 * when it was sent, so a late generator or a full accept queue shows up in the numbers instead of
 * being hidden (coordinated omission); how late the generator fired is reported too.
 *
 * <p>Writes the outcome as a properties file (argument 1), which {@link BenchReport} reads, and a
 * CSV with one line per second of send time (argument 2). With {@code bench.phases}, records when
 * the overload and the recovery start ({@link BenchPhases}).
 */
public final class OverloadGenerator {

  static final int OK = 1;
  static final int REJECTED = 2; // 503 or 429
  static final int OTHER_STATUS = 3;
  static final int HUNG = 4; // connected and sent, no answer within the timeout
  static final int CONNECT_FAILED = 5; // refused, or not connected within the timeout
  static final int CLOSED = 6; // the server closed the connection without an answer
  static final int NO_SOCKET = 7; // the generator could not open a socket (its own limit)

  private static final byte[] STATUS_PREFIX = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress address;
  private final String hostHeader;
  private final String run;
  private final long timeoutNanos;
  private final long boundaryNanos;
  private final int overloadRequests;
  private final double overloadRate;
  private final double recoveryRate;
  private final int total;

  // One entry per delivery, by sequence number.
  private final long[] scheduledNanos;
  private final long[] latencyNanos;
  private final byte[] outcome;
  private final short[] status;
  private final Map<String, Integer> failureCauses = new TreeMap<>();
  private long maxLateNanos;
  private long lateOverMillis;

  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);

  /** One delivery on its own connection. */
  private static final class Exchange {
    final int sequence;
    final long deadline;
    SocketChannel channel;
    ByteBuffer request;
    boolean connected;
    boolean answered;
    boolean closed;
    final byte[] head = new byte[12];
    int headLength;

    Exchange(int sequence, long deadline) {
      this.sequence = sequence;
      this.deadline = deadline;
    }
  }

  OverloadGenerator(
      InetSocketAddress address,
      String run,
      double overloadRate,
      int overloadSeconds,
      double recoveryRate,
      int recoverySeconds,
      int timeoutSeconds) {
    this.address = address;
    this.hostHeader = address.getHostString() + ":" + address.getPort();
    this.run = run;
    this.overloadRate = overloadRate;
    this.recoveryRate = recoveryRate;
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    this.boundaryNanos = TimeUnit.SECONDS.toNanos(overloadSeconds);
    this.overloadRequests = (int) Math.round(overloadRate * overloadSeconds);
    int recoveryRequests = (int) Math.round(recoveryRate * recoverySeconds);
    this.total = overloadRequests + recoveryRequests;
    this.scheduledNanos = new long[total];
    this.latencyNanos = new long[total];
    this.outcome = new byte[total];
    this.status = new short[total];
    // Evenly spaced arrivals, as Gatling's constantUsersPerSec sends them.
    for (int i = 0; i < overloadRequests; i++) {
      scheduledNanos[i] = Math.round(i * 1e9 / overloadRate);
    }
    for (int i = 0; i < recoveryRequests; i++) {
      scheduledNanos[overloadRequests + i] = boundaryNanos + Math.round(i * 1e9 / recoveryRate);
    }
  }

  public static void main(String[] args) throws Exception {
    var url = java.net.URI.create(System.getProperty("bench.url", "http://127.0.0.1:8000"));
    int overloadSeconds = Integer.getInteger("bench.overload-seconds", 30);
    var generator =
        new OverloadGenerator(
            new InetSocketAddress(url.getHost(), url.getPort()),
            System.getProperty("bench.run", "overload"),
            Double.parseDouble(System.getProperty("bench.overload-rate", "6000")),
            overloadSeconds,
            Double.parseDouble(System.getProperty("bench.recovery-rate", "1000")),
            Integer.getInteger("bench.recovery-seconds", 20),
            Integer.getInteger("bench.timeout-seconds", 10));
    // run() starts sending 100 ms from now; the recovery follows the overload on schedule.
    long start = System.currentTimeMillis() + 100;
    BenchPhases.start("overload", start);
    BenchPhases.start("recovery", start + 1000L * overloadSeconds);
    generator.run();
    Properties results = generator.results(Integer.getInteger("bench.recovery-settle-seconds", 10));
    try (var out = Files.newBufferedWriter(Path.of(args[0]))) {
      results.store(out, "bin/bench overload phase");
    }
    Files.writeString(Path.of(args[1]), generator.timeline());
    new TreeMap<>(results).forEach((key, value) -> System.out.println(key + "=" + value));
  }

  void run() throws IOException {
    try (Selector selector = Selector.open()) {
      ArrayDeque<Exchange> inFlight = new ArrayDeque<>();
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      int next = 0;
      while (next < total || !inFlight.isEmpty()) {
        long now = System.nanoTime();
        while (next < total && start + scheduledNanos[next] <= now) {
          long late = now - (start + scheduledNanos[next]);
          maxLateNanos = Math.max(maxLateNanos, late);
          if (late > TimeUnit.MILLISECONDS.toNanos(100)) {
            lateOverMillis++;
          }
          Exchange exchange = new Exchange(next, start + scheduledNanos[next] + timeoutNanos);
          open(selector, exchange);
          if (!exchange.closed) {
            inFlight.add(exchange);
          }
          next++;
        }
        // Deadlines come in the order of the schedule, so the expired ones are at the head.
        while (!inFlight.isEmpty() && (inFlight.peek().closed || inFlight.peek().deadline <= now)) {
          Exchange head = inFlight.poll();
          if (!head.closed) {
            expire(head, now - start);
          }
        }
        long wakeAt = next < total ? start + scheduledNanos[next] : Long.MAX_VALUE;
        if (!inFlight.isEmpty()) {
          wakeAt = Math.min(wakeAt, inFlight.peek().deadline);
        }
        long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wakeAt - System.nanoTime()));
        selector.select(Math.min(waitMillis, 100));
        long selected = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key, selected - start);
        }
        selector.selectedKeys().clear();
      }
    }
  }

  private void open(Selector selector, Exchange exchange) {
    try {
      exchange.channel = SocketChannel.open();
    } catch (IOException e) {
      finish(exchange, NO_SOCKET, 0, 0, e);
      return;
    }
    try {
      SocketChannel channel = exchange.channel;
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      exchange.request = request(exchange.sequence);
      SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT, exchange);
      if (channel.connect(address)) {
        exchange.connected = true;
        send(key, exchange);
      }
    } catch (IOException e) {
      finish(exchange, exchange.connected ? CLOSED : CONNECT_FAILED, 0, 0, e);
    }
  }

  private ByteBuffer request(int sequence) {
    byte[] body = WebhookSimulation.body(run).strip().getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /webhooks/inbound HTTP/1.1\r\nHost: "
            + hostHeader
            + "\r\nContent-Type: application/json\r\nAccept: application/json"
            + "\r\nConnection: close\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer request = ByteBuffer.allocate(headBytes.length + body.length);
    request.put(headBytes).put(body).flip();
    return request;
  }

  private void handle(SelectionKey key, long elapsed) {
    Exchange exchange = (Exchange) key.attachment();
    if (exchange.closed) {
      return;
    }
    SocketChannel channel = exchange.channel;
    try {
      if (key.isConnectable()) {
        if (!channel.finishConnect()) {
          return;
        }
        exchange.connected = true;
        send(key, exchange);
      } else if (key.isWritable()) {
        send(key, exchange);
      } else if (key.isReadable()) {
        read(exchange, elapsed);
      }
    } catch (IOException e) {
      if (!exchange.connected) {
        finish(exchange, CONNECT_FAILED, 0, elapsed, e);
      } else if (!exchange.answered) {
        finish(exchange, CLOSED, 0, elapsed, e);
      } else {
        close(exchange, false);
      }
    }
  }

  /** Writes what is left of the request; waits for the answer once all of it is written. */
  private static void send(SelectionKey key, Exchange exchange) throws IOException {
    exchange.channel.write(exchange.request);
    if (exchange.request.hasRemaining()) {
      key.interestOps(SelectionKey.OP_WRITE);
    } else {
      exchange.request = null;
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  /**
   * The answer counts when its status line arrives; the connection stays open until the server
   * closes it, so that the server, not this side, holds the closed connection's TIME_WAIT (else the
   * client's ephemeral ports ran out within seconds at these rates).
   */
  private void read(Exchange exchange, long elapsed) throws IOException {
    readBuffer.clear();
    int read = exchange.channel.read(readBuffer);
    if (read < 0) {
      if (!exchange.answered) {
        finish(exchange, CLOSED, 0, elapsed, null);
      } else {
        close(exchange, false);
      }
      return;
    }
    if (exchange.answered) {
      return;
    }
    readBuffer.flip();
    while (readBuffer.hasRemaining() && exchange.headLength < exchange.head.length) {
      exchange.head[exchange.headLength++] = readBuffer.get();
    }
    if (exchange.headLength == exchange.head.length) {
      int code = statusCode(exchange.head);
      exchange.answered = true;
      int kind =
          code >= 200 && code < 300 ? OK : code == 503 || code == 429 ? REJECTED : OTHER_STATUS;
      record(exchange.sequence, kind, code, elapsed);
    }
  }

  /** "HTTP/1.1 503": the status code, or 0 for an answer that is not HTTP. */
  private static int statusCode(byte[] head) {
    for (int i = 0; i < STATUS_PREFIX.length; i++) {
      if (head[i] != STATUS_PREFIX[i]) {
        return 0;
      }
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      if (head[i] < '0' || head[i] > '9') {
        return 0;
      }
      code = code * 10 + (head[i] - '0');
    }
    return code;
  }

  private void expire(Exchange exchange, long elapsed) {
    if (exchange.answered) {
      close(exchange, true);
    } else if (exchange.connected) {
      finish(exchange, HUNG, 0, elapsed, null);
    } else {
      finish(exchange, CONNECT_FAILED, 0, elapsed, null);
    }
  }

  private void finish(Exchange exchange, int kind, int code, long elapsed, IOException cause) {
    record(exchange.sequence, kind, code, elapsed);
    if (cause != null) {
      failureCauses.merge(
          cause.getClass().getSimpleName() + ": " + cause.getMessage(), 1, Integer::sum);
    } else if (kind == HUNG || kind == CONNECT_FAILED) {
      failureCauses.merge("no answer within the timeout", 1, Integer::sum);
    }
    close(exchange, kind == HUNG || kind == CONNECT_FAILED);
  }

  private void record(int sequence, int kind, int code, long elapsed) {
    outcome[sequence] = (byte) kind;
    status[sequence] = (short) code;
    latencyNanos[sequence] = Math.max(0, elapsed - scheduledNanos[sequence]);
  }

  /** Closes the connection; with a reset when it is given up on, so no TIME_WAIT stays here. */
  private static void close(Exchange exchange, boolean reset) {
    exchange.closed = true;
    if (exchange.channel == null) {
      return;
    }
    try {
      if (reset && exchange.channel.isOpen()) {
        exchange.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException e) {
      // closed anyway below
    }
    try {
      exchange.channel.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  Properties results(int settleSeconds) {
    long settleFrom = boundaryNanos + TimeUnit.SECONDS.toNanos(settleSeconds);
    long okDuringOverload = 0;
    long sentOverload = overloadRequests;
    long[] counts = new long[8];
    Map<Integer, Long> others = new TreeMap<>();
    long[] rejected = new long[total];
    int rejectedCount = 0;
    long[] settled = new long[total];
    int settledCount = 0;
    long settledNotOk = 0;
    for (int i = 0; i < total; i++) {
      int kind = outcome[i];
      counts[kind]++;
      long answeredAt = scheduledNanos[i] + latencyNanos[i];
      if (kind == OK && answeredAt < boundaryNanos) {
        okDuringOverload++;
      }
      if (kind == REJECTED) {
        rejected[rejectedCount++] = latencyNanos[i];
      }
      if (kind == OTHER_STATUS) {
        others.merge((int) status[i], 1L, Long::sum);
      }
      if (scheduledNanos[i] >= settleFrom) {
        // A delivery that got no answer counts as the whole timeout: it is no faster than that.
        boolean answered = kind == OK || kind == REJECTED || kind == OTHER_STATUS;
        settled[settledCount++] = answered ? latencyNanos[i] : timeoutNanos;
        if (kind != OK) {
          settledNotOk++;
        }
      }
    }
    Arrays.sort(rejected, 0, rejectedCount);
    Arrays.sort(settled, 0, settledCount);
    Properties p = new Properties();
    p.setProperty("overload.rate", format(overloadRate));
    p.setProperty("overload.seconds", format(boundaryNanos / 1e9));
    p.setProperty("overload.sent", Long.toString(sentOverload));
    p.setProperty("overload.ok-per-second", format(okDuringOverload / (boundaryNanos / 1e9)));
    p.setProperty("timeout-seconds", format(timeoutNanos / 1e9));
    p.setProperty("recovery.rate", format(recoveryRate));
    p.setProperty("recovery.seconds", format((scheduledEnd() - boundaryNanos) / 1e9));
    p.setProperty("recovery.sent", Long.toString(total - sentOverload));
    p.setProperty("recovery.settle-seconds", Integer.toString(settleSeconds));
    p.setProperty("sent", Long.toString(total));
    p.setProperty("ok", Long.toString(counts[OK]));
    p.setProperty("rejected", Long.toString(rejectedCount));
    p.setProperty("rejected.p50-ms", millis(percentile(rejected, rejectedCount, 50)));
    p.setProperty("rejected.p99-ms", millis(percentile(rejected, rejectedCount, 99)));
    p.setProperty("rejected.max-ms", millis(rejectedCount == 0 ? -1 : rejected[rejectedCount - 1]));
    p.setProperty("hung", Long.toString(counts[HUNG]));
    p.setProperty("connect-failed", Long.toString(counts[CONNECT_FAILED]));
    p.setProperty("closed-unanswered", Long.toString(counts[CLOSED]));
    p.setProperty("no-socket", Long.toString(counts[NO_SOCKET]));
    p.setProperty("other-status", others.toString());
    p.setProperty("settled.sent", Integer.toString(settledCount));
    p.setProperty("settled.not-ok", Long.toString(settledNotOk));
    p.setProperty("settled.p50-ms", millis(percentile(settled, settledCount, 50)));
    p.setProperty("settled.p99-ms", millis(percentile(settled, settledCount, 99)));
    p.setProperty("generator.max-late-ms", millis(maxLateNanos));
    p.setProperty("generator.late-over-100ms", Long.toString(lateOverMillis));
    p.setProperty("failure-causes", failureCauses.toString());
    return p;
  }

  private long scheduledEnd() {
    return total > overloadRequests
        ? boundaryNanos + Math.round((total - overloadRequests) * 1e9 / recoveryRate)
        : boundaryNanos;
  }

  /** Per second of send time: deliveries scheduled, and what became of them. */
  String timeline() {
    int seconds = total == 0 ? 0 : (int) (scheduledNanos[total - 1] / 1_000_000_000L) + 1;
    long[][] perSecond = new long[seconds][8];
    for (int i = 0; i < total; i++) {
      perSecond[(int) (scheduledNanos[i] / 1_000_000_000L)][outcome[i]]++;
    }
    var csv =
        new StringBuilder(
            "second,sent,ok,rejected_503_429,other_status,hung,connect_failed,closed,no_socket\n");
    for (int s = 0; s < seconds; s++) {
      long[] c = perSecond[s];
      csv.append(s)
          .append(',')
          .append(Arrays.stream(c).sum())
          .append(
              String.format(",%d,%d,%d,%d,%d,%d,%d%n", c[1], c[2], c[3], c[4], c[5], c[6], c[7]));
    }
    return csv.toString();
  }

  private static long percentile(long[] sorted, int count, double p) {
    if (count == 0) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, index))];
  }

  private static String millis(long nanos) {
    return nanos < 0 ? "-" : format(nanos / 1e6);
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
