package com.omnichannel.contracts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Looks host names up within a deadline, on a small pool of its own. The JDK's resolver has no
 * timeout of its own and cannot be interrupted, so a name server that does not answer would hold
 * its caller (an admission slot, a sender) for as long as the system resolver retries. Here the
 * caller waits at most {@code timeout}; the look-up itself goes on in the pool until the system
 * gives up. Look-ups of one host in progress at once share one thread, and when every thread is
 * busy a look-up is refused at once rather than queued, so a tenant's hanging DNS costs one thread
 * per host name and never the callers' time.
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

  private final Resolver resolver;
  private final Duration timeout;
  private final int maxConcurrent;
  private final ThreadPoolExecutor pool;
  private final ConcurrentHashMap<String, CompletableFuture<InetAddress[]>> inProgress =
      new ConcurrentHashMap<>();

  /**
   * @param maxConcurrent look-ups (of distinct hosts) that may be in progress at once
   * @param timeout how long a caller waits for an answer
   */
  public HostLookup(Resolver resolver, int maxConcurrent, Duration timeout) {
    this.resolver = resolver;
    this.timeout = timeout;
    this.maxConcurrent = maxConcurrent;
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            0,
            maxConcurrent,
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
    CompletableFuture<InetAddress[]> lookup;
    try {
      lookup = inProgress.computeIfAbsent(host, this::start);
    } catch (RejectedExecutionException e) {
      return new Answer(List.of(), Failure.BUSY);
    }
    // Attached here, not in computeIfAbsent: a look-up already done would remove its own entry
    // while the map is still computing it.
    lookup.whenComplete((addresses, failure) -> inProgress.remove(host, lookup));
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
    CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
    pool.execute(
        () -> {
          try {
            lookup.complete(resolver.resolve(host));
          } catch (Throwable e) {
            // Whatever it was, the callers get an answer and the entry goes.
            lookup.completeExceptionally(e);
          }
        });
    return lookup;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
