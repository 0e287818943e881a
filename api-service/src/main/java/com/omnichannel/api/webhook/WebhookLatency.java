package com.omnichannel.api.webhook;

import com.omnichannel.contracts.EventHeaders;
import com.omnichannel.kafka.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Span;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webhook's measure and the root of its trace. Spring's HTTP observation is off for webhooks
 * ({@link #noHttpObservationForWebhooks}): on the hottest path its start and stop took about 5 % of
 * the API's CPU, for a timer this filter keeps anyway and a span this filter starts itself, as a
 * child of the provider's {@code traceparent} if it sent one.
 *
 * <p>{@code omni.webhook.latency{webhook,outcome}}: how long a provider waits for each webhook,
 * from the first filter to the last byte handed to the container, refusals included, by what became
 * of it. The outcome follows from the status: {@code stored} (201, or 200 on a status callback or a
 * provider's own webhook), {@code duplicate} (200 on a retry of the generic inbound webhook),
 * {@code rate_limited} (429), {@code refused} (503, at capacity or the database unavailable),
 * {@code rejected} (any other 4xx) or {@code failed}.
 */
@Component
class WebhookLatency extends OncePerRequestFilter implements Ordered {

  private final MeterRegistry meters;
  private final RecordTracing tracing;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  WebhookLatency(MeterRegistry meters, RecordTracing tracing) {
    this.meters = meters;
    this.tracing = tracing;
  }

  @Bean
  static ObservationPredicate noHttpObservationForWebhooks() {
    return (name, context) ->
        !(context instanceof ServerRequestObservationContext request
            && request.getCarrier().getRequestURI().startsWith("/webhooks/"));
  }

  @Override
  public int getOrder() {
    // Before admission control, so that its refusals are measured too.
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/webhooks/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long start = System.nanoTime();
    String webhook = webhook(request.getRequestURI());
    String outcome = "failed";
    Span span =
        tracing.startFrom(
            "http post " + request.getRequestURI(),
            request.getHeader(EventHeaders.TRACEPARENT),
            Span.Kind.SERVER);
    try (var scope = tracing.inScope(span)) {
      chain.doFilter(request, response);
      outcome = outcome(webhook, response.getStatus());
    } catch (IOException | ServletException | RuntimeException e) {
      span.error(e);
      throw e;
    } finally {
      span.tag("http.response.status_code", Integer.toString(response.getStatus()));
      span.end();
      timer(webhook, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** The timer of a webhook and outcome, built once: this runs for every webhook. */
  private Timer timer(String webhook, String outcome) {
    return timers.computeIfAbsent(
        webhook + ' ' + outcome,
        key ->
            Timer.builder("omni.webhook.latency")
                .description("From a webhook's arrival to its answer")
                .tags("webhook", webhook, "outcome", outcome)
                .register(meters));
  }

  /**
   * Which webhook a path is: the generic {@code inbound} and {@code status}, or a provider's own
   * ({@code whatsapp}, {@code twilio}, {@code twilio_status}, {@code telegram}).
   */
  static String webhook(String path) {
    if (path.startsWith("/webhooks/whatsapp/")) {
      return "whatsapp";
    }
    if (path.startsWith("/webhooks/twilio/")) {
      return path.endsWith("/status") ? "twilio_status" : "twilio";
    }
    if (path.startsWith("/webhooks/telegram/")) {
      return "telegram";
    }
    return path.endsWith("/status") ? "status" : "inbound";
  }

  /**
   * What became of a webhook. Only the generic inbound webhook tells a retry (200) from a new
   * message (201); the providers' own answer 200 to both, counted as stored.
   */
  static String outcome(String webhook, int status) {
    if (status == 201 || (status == 200 && !webhook.equals("inbound"))) {
      return "stored";
    }
    if (status == 200) {
      return "duplicate";
    }
    if (status == 429) {
      return "rate_limited";
    }
    if (status == 503) {
      return "refused";
    }
    return status >= 400 && status < 500 ? "rejected" : "failed";
  }
}
