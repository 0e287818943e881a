package com.omnichannel.api.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the requests that need the database (the webhooks, the agent API and the opening of event
 * streams) that are in flight at once, and refuses the excess at once with {@code 503} and {@code
 * Retry-After}: under overload the instance keeps answering what it can at full speed instead of
 * queueing every request for a pool connection until memory runs out. Providers retry, and the
 * webhook is idempotent, so a refused delivery costs nothing but its retry. Runs before the
 * security filters, so a refusal costs no key look-up either.
 */
@Component
// The MVC test slices load filters but not the scanned properties records.
@EnableConfigurationProperties(HttpProperties.class)
class AdmissionControl extends OncePerRequestFilter implements Ordered {

  /**
   * Requests in flight per pool connection. Those beyond the pool wait for a connection, a short
   * queue the pool works through well within its 1 s timeout. A short stall of the database or the
   * machine (a log flush, a pause) must not turn a normal load into refusals: with one request per
   * connection a fixed 500 webhooks a second got hundreds of 503s in such stalls, with three still
   * dozens. With ten, the first second of an overload let so many in that the pool's queue outran
   * its timeout and the refusals slowed down; five is between.
   */
  static final int REQUESTS_PER_CONNECTION = 5;

  private static final long RETRY_AFTER_SECONDS = 1;

  /** Rendered once: under overload most requests get it. */
  private static final byte[] REFUSAL =
      Problems.json(
          HttpStatus.SERVICE_UNAVAILABLE,
          "The service is at capacity; retry after " + RETRY_AFTER_SECONDS + " s");

  private final Semaphore permits;
  private final int limit;
  private final Counter refused;

  AdmissionControl(
      HttpProperties properties,
      @Value("${spring.datasource.hikari.maximum-pool-size}") int poolSize,
      MeterRegistry meters) {
    this.limit =
        properties.maxConcurrentRequests() > 0
            ? properties.maxConcurrentRequests()
            : Math.max(1, poolSize * REQUESTS_PER_CONNECTION);
    this.permits = new Semaphore(limit);
    this.refused = meters.counter("omni.http.refused_overload");
    meters.gauge("omni.http.in_flight", permits, p -> limit - p.availablePermits());
  }

  /** How many database-bound requests may be in flight at once. */
  int limit() {
    return limit;
  }

  @Override
  public int getOrder() {
    // First but for the webhook latency: a refusal costs no request observation and no security
    // chain.
    return Ordered.HIGHEST_PRECEDENCE + 1;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    // An event stream takes its slot while it authenticates, subscribes and replays, then
    // frees it: what it holds open afterwards is bounded by the streams' own caps.
    return !(path.startsWith("/webhooks/")
        || path.equals("/events")
        || path.startsWith("/conversations")
        || path.startsWith("/companies/")
        || path.startsWith("/admin/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // No waiting for a slot: thousands of refusals a second that each waited and timed out in the
    // semaphore's queue spent the CPU the admitted requests needed on unqueueing them.
    if (!permits.tryAcquire()) {
      refused.increment();
      Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, REFUSAL, RETRY_AFTER_SECONDS);
      return;
    }
    // The permit may be lent out meanwhile: AdmissionSlot#outside.
    AdmissionSlot slot = AdmissionSlot.taken(permits, refused, RETRY_AFTER_SECONDS);
    try {
      chain.doFilter(request, response);
    } finally {
      slot.release();
    }
  }
}
