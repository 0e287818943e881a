package com.omnichannel.api.web;

import io.micrometer.core.instrument.Counter;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The admission permit that the request on this thread holds ({@link AdmissionControl}), which it
 * can give back while it waits on something other than the database: a DNS look-up may take
 * seconds, and requests waiting on one must not hold the capacity the webhooks need.
 */
public final class AdmissionSlot {

  private static final ThreadLocal<AdmissionSlot> HELD = new ThreadLocal<>();

  private final Semaphore permits;
  private final Counter refused;
  private final long retryAfterSeconds;
  private boolean held = true;

  private AdmissionSlot(Semaphore permits, Counter refused, long retryAfterSeconds) {
    this.permits = permits;
    this.refused = refused;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The slot of a request just admitted with one of {@code permits}, on this thread. */
  static AdmissionSlot taken(Semaphore permits, Counter refused, long retryAfterSeconds) {
    AdmissionSlot slot = new AdmissionSlot(permits, refused, retryAfterSeconds);
    HELD.set(slot);
    return slot;
  }

  /** Ends the request's hold: gives its permit back unless it is lent out. */
  void release() {
    HELD.remove();
    if (held) {
      held = false;
      permits.release();
    }
  }

  /**
   * Runs {@code work} with the calling request's permit given back, then takes it again; when none
   * is free by then, the request is refused as at admission (503 with Retry-After). Outside an
   * admitted request it only runs {@code work}. Should {@code work} throw, the request ends without
   * a permit, which it no longer needs.
   *
   * @throws ServiceUnavailableException when no permit is free after {@code work}
   */
  public static <T> T outside(Supplier<T> work) {
    AdmissionSlot slot = HELD.get();
    if (slot == null || !slot.held) {
      return work.get();
    }
    slot.held = false;
    slot.permits.release();
    T result = work.get();
    if (!slot.permits.tryAcquire()) {
      slot.refused.increment();
      throw new ServiceUnavailableException(
          "The service is at capacity; retry after " + slot.retryAfterSeconds + " s",
          slot.retryAfterSeconds);
    }
    slot.held = true;
    return result;
  }
}
