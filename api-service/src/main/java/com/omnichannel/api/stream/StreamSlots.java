package com.omnichannel.api.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The places for streams on this instance: at most {@link StreamProperties#maxPerCompany()} per
 * company and {@link StreamProperties#maxPerInstance()} in all, so that one company cannot take an
 * instance's streams and the instance cannot run out of memory or threads. A stream takes its place
 * before it subscribes and gives it back exactly once, however it ends.
 */
@Component
class StreamSlots {

  /** Why a stream was refused: the status, the wait, the meter's tag. */
  enum Refusal {
    COMPANY_LIMIT(HttpStatus.TOO_MANY_REQUESTS, 5, "company_limit"),
    INSTANCE_LIMIT(HttpStatus.SERVICE_UNAVAILABLE, 5, "instance_limit");

    final HttpStatus status;
    final long retryAfterSeconds;
    final String tag;

    Refusal(HttpStatus status, long retryAfterSeconds, String tag) {
      this.status = status;
      this.retryAfterSeconds = retryAfterSeconds;
      this.tag = tag;
    }
  }

  private final int perCompany;
  private final int perInstance;
  private final Map<Long, Integer> byCompany = new HashMap<>();
  private final Map<Refusal, Counter> refused = new HashMap<>();
  private int open;

  StreamSlots(StreamProperties settings, MeterRegistry meters) {
    this.perCompany = settings.maxPerCompany();
    this.perInstance = settings.maxPerInstance();
    for (Refusal refusal : Refusal.values()) {
      refused.put(
          refusal,
          Counter.builder("omni.streams.refused")
              .description("Event streams refused because a limit was reached")
              .tag("reason", refusal.tag)
              .register(meters));
    }
  }

  /** One stream's place; giving it back more than once gives it back once. */
  final class Slot {
    private final long companyId;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(long companyId) {
      this.companyId = companyId;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        giveBack(companyId);
      }
    }
  }

  /** A place for a stream of the company, or a {@link StreamRefusedException}. */
  Slot acquire(long companyId) {
    Refusal refusal = take(companyId);
    if (refusal == null) {
      return new Slot(companyId);
    }
    refused.get(refusal).increment();
    String detail =
        refusal == Refusal.COMPANY_LIMIT
            ? "Company "
                + companyId
                + " already has "
                + perCompany
                + " event streams open on this instance; close one or retry after "
                + refusal.retryAfterSeconds
                + " s"
            : "This instance holds as many event streams as it can ("
                + perInstance
                + "); retry after "
                + refusal.retryAfterSeconds
                + " s";
    throw new StreamRefusedException(refusal.status, detail, refusal.retryAfterSeconds);
  }

  private synchronized Refusal take(long companyId) {
    if (open >= perInstance) {
      return Refusal.INSTANCE_LIMIT;
    }
    int ofCompany = byCompany.getOrDefault(companyId, 0);
    if (ofCompany >= perCompany) {
      return Refusal.COMPANY_LIMIT;
    }
    byCompany.put(companyId, ofCompany + 1);
    open++;
    return null;
  }

  private synchronized void giveBack(long companyId) {
    open--;
    byCompany.computeIfPresent(companyId, (company, count) -> count > 1 ? count - 1 : null);
  }

  /** The streams open on this instance. */
  synchronized int open() {
    return open;
  }

  /** The streams the company has open on this instance. */
  synchronized int open(long companyId) {
    return byCompany.getOrDefault(companyId, 0);
  }
}
