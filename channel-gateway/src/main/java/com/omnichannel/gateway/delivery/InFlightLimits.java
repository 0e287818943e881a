package com.omnichannel.gateway.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts attempts in flight, per channel, per company and in all. A slow provider fills its
 * channel's share and no more, so the other channels' attempts still go out; a tenant whose many
 * channels all hang fills its company's share and no more, so the other tenants' attempts still go
 * out; the overall limit bounds the memory and connections the gateway holds. Nothing waits for a
 * slot: an attempt over a limit is not made.
 */
class InFlightLimits {

  private final int perChannel;
  private final int perCompany;
  private final int total;
  private final ConcurrentHashMap<Long, Integer> byChannel = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Integer> byCompany = new ConcurrentHashMap<>();
  private final AtomicInteger all = new AtomicInteger();
  private final Object idle = new Object();

  InFlightLimits(int perChannel, int perCompany, int total) {
    this.perChannel = perChannel;
    this.perCompany = perCompany;
    this.total = total;
  }

  /**
   * Takes a slot for an attempt to {@code channelId} of {@code companyId}; empty when taken, else
   * why not. A taken slot must be given back with {@link #release}.
   */
  Optional<String> tryAcquire(long companyId, long channelId) {
    if (all.incrementAndGet() > total) {
      all.decrementAndGet();
      return Optional.of("the gateway has " + total + " attempts in flight, its limit");
    }
    if (!take(byCompany, companyId, perCompany)) {
      all.decrementAndGet();
      return Optional.of("the company has " + perCompany + " attempts in flight, its limit");
    }
    if (!take(byChannel, channelId, perChannel)) {
      give(byCompany, companyId);
      all.decrementAndGet();
      return Optional.of("the channel has " + perChannel + " attempts in flight, its limit");
    }
    return Optional.empty();
  }

  private static boolean take(ConcurrentHashMap<Long, Integer> counts, long key, int limit) {
    boolean[] taken = {false};
    counts.compute(
        key,
        (id, count) -> {
          int current = count == null ? 0 : count;
          if (current >= limit) {
            return count;
          }
          taken[0] = true;
          return current + 1;
        });
    return taken[0];
  }

  /** An entry goes when its count reaches zero, so a map holds only those in flight. */
  private static void give(ConcurrentHashMap<Long, Integer> counts, long key) {
    counts.computeIfPresent(key, (id, count) -> count <= 1 ? null : count - 1);
  }

  void release(long companyId, long channelId) {
    give(byChannel, channelId);
    give(byCompany, companyId);
    if (all.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Waits until no attempt is in flight, at most {@code timeout}; whether none is. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (all.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  int inFlight() {
    return all.get();
  }
}
