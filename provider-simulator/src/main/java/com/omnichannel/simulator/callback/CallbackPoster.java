package com.omnichannel.simulator.callback;

import com.omnichannel.simulator.SimulatorProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Posts the webhooks a provider sends the API on its own: statuses a while after a send, and the
 * simulated customers' messages. Off the request thread, on one scheduler thread, with asynchronous
 * posts, so that a slow or absent API holds up neither sends nor other webhooks, and the simulator
 * stays cheap whatever the number of providers it stands in for.
 */
@Component
public class CallbackPoster implements DisposableBean {

  private static final Duration POST_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(CallbackPoster.class);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "status-callbacks");
            thread.setDaemon(true);
            return thread;
          });
  // HTTP/1.1 as the providers post: the client's default asks every new connection for an
  // upgrade to HTTP/2 that the API never grants.
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Duration delay;
  private final SimulatorProperties.Retry retry;

  CallbackPoster(SimulatorProperties properties) {
    this.delay = properties.statusDelay();
    this.retry = properties.statusRetry();
  }

  /** A POST of {@code body} to {@code url}, with the timeout every webhook of the simulator has. */
  public static HttpRequest.Builder post(URI url, String contentType, byte[] body) {
    return HttpRequest.newBuilder(url)
        .timeout(POST_TIMEOUT)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /**
   * Posts the callbacks one after the other, each a status delay after the one before it settled:
   * accepted, refused with a 4xx (the same post would be refused again), or given up after the
   * retries. The next follows whether or not the one before reached the API, as a phone reads what
   * it shows.
   */
  public void postInTurn(List<Callback> callbacks) {
    if (!callbacks.isEmpty()) {
      later(() -> post(callbacks, 0, callbacks.get(0).request().get(), 1), delay);
    }
  }

  /** Posts one request now, once; the future completes with the API's HTTP status. */
  public CompletableFuture<Integer> postOnce(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(HttpResponse::statusCode);
  }

  private void post(List<Callback> callbacks, int index, HttpRequest request, int attempt) {
    Callback callback = callbacks.get(index);
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              String what = callback.what();
              if (failure == null && response.statusCode() / 100 == 2) {
                callback.accepted().run();
                // One line per status would cost the simulator more than posting it.
                log.debug("posted {}", what);
                next(callbacks, index);
              } else if (failure == null && response.statusCode() < 500) {
                log.warn("the API answered {} to {}; not retried", response.statusCode(), what);
                next(callbacks, index);
              } else if (attempt < retry.attempts()) {
                Duration backOff = retry.backOff(attempt);
                log.info(
                    "posting {} failed ({}); retry {} in {} ms",
                    what,
                    failure == null ? "HTTP " + response.statusCode() : failure.toString(),
                    attempt,
                    backOff.toMillis());
                later(() -> post(callbacks, index, request, attempt + 1), backOff);
              } else {
                log.warn(
                    "posting {} failed {} times ({}); given up",
                    what,
                    attempt,
                    failure == null ? "HTTP " + response.statusCode() : failure.toString());
                next(callbacks, index);
              }
            });
  }

  private void next(List<Callback> callbacks, int index) {
    if (index + 1 < callbacks.size()) {
      later(() -> post(callbacks, index + 1, callbacks.get(index + 1).request().get(), 1), delay);
    }
  }

  private void later(Runnable task, Duration wait) {
    try {
      scheduler.schedule(task, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      log.debug("shutting down; callback dropped");
    }
  }

  @Override
  public void destroy() {
    scheduler.shutdownNow();
  }
}
