package com.omnichannel.contracts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Looks host names up within a deadline, on a small pool of its own. The JDK's resolver has no
 * timeout of its own and cannot be interrupted, so a name server that does not answer would hold
 * its caller (an admission slot, a sender) for as long as the system resolver retries. Here the
 * caller waits at most {@code timeout}; the look-up itself goes on in the pool until the system
 * gives up. Look-ups of one host in progress at once share one thread, and when every thread is
 * busy a look-up is refused at once rather than queued, so a tenant's hanging DNS costs one thread
 * per host name and never the callers' time.
 *
 * <p>A host is known by its name in lower case, without brackets or a final dot, so that spellings
 * of one name share one look-up (and that name is what is looked up). A caller may have answers
 * remembered for a few seconds: a remembered host is answered without a thread, so it is still
 * answered while a tenant's hanging DNS holds every thread. Only addresses are remembered, never a
 * judgement of them, and never a failure (the JDK remembers those for itself).
 */
public final class HostLookup implements AutoCloseable {

  /** How a host name becomes addresses: the system's resolver, or a double in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** The system's resolver (with the JVM's cache of answers). */
  public static final Resolver SYSTEM = InetAddress::getAllByName;

  /** Why a look-up gave no addresses. */
  public enum Failure {
    /**
     * The name does not exist (or has no address), or its name server failed: the JDK tells these
     * apart no more than the system resolver does.
     */
    UNKNOWN_HOST,
    /** No answer within the timeout. */
    TIMED_OUT,
    /** Every look-up thread is busy. */
    BUSY
  }

  /**
   * What a look-up came to: its addresses, or why there are none.
   *
   * @param addresses the host's addresses; empty on a failure
   * @param failure null when the host resolved
   */
  public record Answer(List<InetAddress> addresses, Failure failure) {}

  /** Hosts whose answers are remembered at most; past it, answers are not remembered. */
  static final int MAX_REMEMBERED = 1024;

  private final Resolver resolver;
  private final Duration timeout;
  private final int maxConcurrent;
  private final long rememberNanos;
  private final LongSupplier nanos;
  private final ThreadPoolExecutor pool;
  private final Semaphore running;
  private final ConcurrentHashMap<String, CompletableFuture<InetAddress[]>> inProgress =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();

  /** A host's addresses, and until when (in {@code nanos}' time) they are answered. */
  private record Remembered(List<InetAddress> addresses, long until) {}

  /**
   * Remembers no answer.
   *
   * @param maxConcurrent look-ups (of distinct hosts) that may be in progress at once
   * @param timeout how long a caller waits for an answer
   */
  public HostLookup(Resolver resolver, int maxConcurrent, Duration timeout) {
    this(resolver, maxConcurrent, timeout, Duration.ZERO);
  }

  /**
   * @param maxConcurrent look-ups (of distinct hosts) that may be in progress at once
   * @param timeout how long a caller waits for an answer
   * @param remember how long a host's addresses are answered again without a look-up; zero for
   *     never
   */
  public HostLookup(Resolver resolver, int maxConcurrent, Duration timeout, Duration remember) {
    this(resolver, maxConcurrent, timeout, remember, System::nanoTime);
  }

  /** As above, telling the time (in nanoseconds, as {@link System#nanoTime}) by {@code nanos}. */
  HostLookup(
      Resolver resolver,
      int maxConcurrent,
      Duration timeout,
      Duration remember,
      LongSupplier nanos) {
    this.nanos = nanos;
    this.resolver = resolver;
    this.timeout = timeout;
    this.maxConcurrent = maxConcurrent;
    this.rememberNanos = remember.toNanos();
    AtomicInteger count = new AtomicInteger();
    this.running = new Semaphore(maxConcurrent);
    // Bounded by the semaphore, not by the pool's size: a thread that has just answered may not
    // be back in the pool yet, and a pool of maxConcurrent threads refused the next look-up then.
    this.pool =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "host-lookup-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  public Duration timeout() {
    return timeout;
  }

  public int maxConcurrent() {
    return maxConcurrent;
  }

  /** The addresses of {@code host}, waiting at most the timeout; never throws. */
  public Answer resolve(String host) {
    String name = normalized(host);
    Remembered known = remembered.get(name);
    if (known != null) {
      if (known.until() - nanos.getAsLong() > 0) {
        return new Answer(known.addresses(), null);
      }
      remembered.remove(name, known);
    }
    CompletableFuture<InetAddress[]> lookup;
    try {
      lookup = inProgress.computeIfAbsent(name, this::start);
    } catch (RejectedExecutionException e) {
      return new Answer(List.of(), Failure.BUSY);
    }
    // Attached here, not in computeIfAbsent: a look-up already done would remove its own entry
    // while the map is still computing it.
    lookup.whenComplete((addresses, failure) -> inProgress.remove(name, lookup));
    try {
      InetAddress[] addresses = lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return addresses == null || addresses.length == 0
          ? new Answer(List.of(), Failure.UNKNOWN_HOST)
          : new Answer(List.of(addresses), null);
    } catch (TimeoutException e) {
      return new Answer(List.of(), Failure.TIMED_OUT);
    } catch (ExecutionException e) {
      return new Answer(List.of(), Failure.UNKNOWN_HOST);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(List.of(), Failure.TIMED_OUT);
    }
  }

  private CompletableFuture<InetAddress[]> start(String host) {
    if (!running.tryAcquire()) {
      throw new RejectedExecutionException("every look-up thread is busy");
    }
    CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
    try {
      pool.execute(
          () -> {
            InetAddress[] addresses = null;
            Throwable failure = null;
            try {
              addresses = resolver.resolve(host);
              remember(host, addresses);
            } catch (Throwable e) {
              failure = e;
            } finally {
              // Free before answering, so that a caller who asks again at once finds room.
              running.release();
            }
            if (failure != null) {
              // Whatever it was, the callers get an answer and the entry goes.
              lookup.completeExceptionally(failure);
            } else {
              lookup.complete(addresses);
            }
          });
    } catch (RejectedExecutionException e) {
      running.release();
      throw e;
    }
    return lookup;
  }

  private void remember(String host, InetAddress[] addresses) {
    if (rememberNanos <= 0 || addresses == null || addresses.length == 0) {
      return;
    }
    long now = nanos.getAsLong();
    if (remembered.size() >= MAX_REMEMBERED) {
      remembered.values().removeIf(known -> known.until() - now <= 0);
      if (remembered.size() >= MAX_REMEMBERED) {
        return;
      }
    }
    remembered.put(host, new Remembered(List.of(addresses), now + rememberNanos));
  }

  /** A host name as looked up: lower case, no brackets, no final dot. */
  static String normalized(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
