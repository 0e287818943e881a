package com.omnichannel.simulator.delivery;

import com.omnichannel.simulator.SimulatorProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the API what became of a delivery, as a provider's status webhooks do: 'delivered' a while
 * after it was taken, 'read' a while after that. Off the request thread, on a scheduler, with
 * asynchronous posts, so that a slow or absent API holds up neither deliveries nor other statuses.
 */
@Component
class StatusCallbacks implements DisposableBean {

  static final List<String> STATUSES = List.of("delivered", "read");
  private static final Duration POST_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(StatusCallbacks.class);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "status-callbacks");
            thread.setDaemon(true);
            return thread;
          });
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI statusUrl;
  private final Duration delay;
  private final SimulatorProperties.Retry retry;
  private final ChannelSecrets secrets;
  private final JsonMapper json;

  StatusCallbacks(SimulatorProperties properties, ChannelSecrets secrets, JsonMapper json) {
    String base = properties.apiUrl().toString().replaceAll("/+$", "");
    this.statusUrl = URI.create(base + "/webhooks/status");
    this.delay = properties.statusDelay();
    this.retry = properties.statusRetry();
    this.secrets = secrets;
    this.json = json;
  }

  /** Posts 'delivered', then 'read', each after the status delay. */
  void schedule(Received received) {
    later(() -> post(received, 0, 1), delay);
  }

  private void post(Received received, int statusIndex, int attempt) {
    Delivery delivery = received.delivery();
    String status = STATUSES.get(statusIndex);
    byte[] body =
        json.writeValueAsBytes(
            new StatusUpdate(
                delivery.companyId(),
                delivery.channelId(),
                delivery.messageId(),
                received.providerMessageId(),
                status));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(statusUrl)
            .timeout(POST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    secrets
        .of(delivery.channelId())
        .ifPresent(secret -> request.header(Signature.HEADER, Signature.of(secret, body)));
    if (received.correlationId() != null) {
      request.header(DeliveryController.CORRELATION_HEADER, received.correlationId());
    }
    http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              String what = "'" + status + "' of message " + delivery.messageId();
              if (failure == null && response.statusCode() / 100 == 2) {
                received.statusesPosted().add(status);
                log.info("posted {} ({})", what, received.providerMessageId());
                next(received, statusIndex);
              } else if (failure == null && response.statusCode() < 500) {
                // The API refused this status; the same post would be refused again.
                log.warn("the API answered {} to {}; not retried", response.statusCode(), what);
                next(received, statusIndex);
              } else if (attempt < retry.attempts()) {
                Duration backOff = retry.initialInterval().multipliedBy(1L << (attempt - 1));
                log.info(
                    "posting {} failed ({}); retry {} in {} ms",
                    what,
                    failure == null ? "HTTP " + response.statusCode() : failure.toString(),
                    attempt,
                    backOff.toMillis());
                later(() -> post(received, statusIndex, attempt + 1), backOff);
              } else {
                log.warn(
                    "posting {} failed {} times ({}); given up",
                    what,
                    attempt,
                    failure == null ? "HTTP " + response.statusCode() : failure.toString());
                next(received, statusIndex);
              }
            });
  }

  /** The next status, whether or not this one reached the API: a phone reads what it shows. */
  private void next(Received received, int statusIndex) {
    if (statusIndex + 1 < STATUSES.size()) {
      later(() -> post(received, statusIndex + 1, 1), delay);
    }
  }

  private void later(Runnable task, Duration wait) {
    try {
      scheduler.schedule(task, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      log.debug("shutting down; status callback dropped");
    }
  }

  @Override
  public void destroy() {
    scheduler.shutdownNow();
  }
}
