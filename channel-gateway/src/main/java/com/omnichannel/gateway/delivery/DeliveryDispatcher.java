package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.OutboundMessageRequested;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Starts attempts without waiting for them, so the consumer thread is never held by a provider: a
 * slow provider costs its own channel's (and company's) slots, not the others' latency.
 */
@Component
class DeliveryDispatcher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

  private final ProviderClient provider;
  private final InFlightLimits limits;
  private final DeliveryReporter reporter;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Duration requestExpiry;
  private final Duration drainTimeout;

  DeliveryDispatcher(
      ProviderClient provider,
      InFlightLimits limits,
      DeliveryReporter reporter,
      MeterRegistry meters,
      Clock clock,
      OutboundProperties settings) {
    this.provider = provider;
    this.limits = limits;
    this.reporter = reporter;
    this.meters = meters;
    this.clock = clock;
    this.requestExpiry = settings.requestExpiry();
    this.drainTimeout = provider.deadline();
    Gauge.builder("omni.deliveries.in_flight", limits, InFlightLimits::inFlight)
        .strongReference(true)
        .register(meters);
  }

  /**
   * Skips, defers or starts the attempt for {@code request}; returns at once in every case. The
   * span ends once the attempt is reported.
   */
  void dispatch(OutboundMessageRequested request, String correlationId, Span span) {
    if (request.occurredAt().plus(requestExpiry).isBefore(clock.instant())) {
      // The API has asked again by now (or is about to): after a restart, attempting a backlog of
      // such requests would only send duplicates in a burst.
      reporter.expired(request);
      span.end();
      return;
    }
    Optional<String> full = limits.tryAcquire(request.companyId(), request.channelId());
    if (full.isPresent()) {
      reporter.report(request, correlationId, Attempt.deferred(full.get()), span);
      span.end();
      return;
    }
    Timer.Sample started = Timer.start(meters);
    CompletableFuture<Attempt> attempted;
    try {
      attempted = provider.attempt(request);
    } catch (RuntimeException | Error e) {
      // A failure building the attempt (a request the client cannot make) still gives its slots
      // back, below: a slot never given back is a channel's and company's share lost for good.
      attempted = CompletableFuture.failedFuture(e);
    }
    attempted.whenComplete(
        (attempt, failure) -> {
          try {
            Attempt outcome =
                attempt != null
                    ? attempt
                    : Attempt.retryable(null, "unexpected failure: " + failure, null);
            started.stop(
                meters.timer("omni.delivery.attempt", "outcome", outcome.outcome().spelling()));
            span.tag("outcome", outcome.outcome().spelling());
            reporter.report(request, correlationId, outcome, span);
          } catch (Throwable e) {
            // This runs on the HTTP client's thread, whose caller never looks at the result:
            // anything not logged here would vanish.
            log.error("Reporting message {} failed", request.messageId(), e);
          } finally {
            // Released after the report is handed to the producer, so that a gateway that
            // stops once nothing is in flight has every report on its way.
            limits.release(request.companyId(), request.channelId());
            span.end();
          }
        });
  }

  /**
   * Lets the attempts in flight finish and be reported before the HTTP client and the producer
   * close (the listener has stopped by now, so no new ones start). Each would otherwise wait out
   * the API's lease before it is requested again.
   */
  @Override
  public void destroy() throws InterruptedException {
    if (!limits.awaitIdle(drainTimeout)) {
      log.warn(
          "Stopping with {} attempts in flight; the API will request them again",
          limits.inFlight());
    }
  }
}
