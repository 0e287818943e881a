package com.omnichannel.simulator.callback;

import com.omnichannel.simulator.SimulatorProperties;
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
 * simulated customers' messages. Off the request thread: one scheduler thread keeps the time, and
 * the posts go out on the threads of a {@link WebhookClient}, so that a slow or absent API holds up
 * neither sends nor the scheduling of other webhooks.
 */
@Component
public class CallbackPoster implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(CallbackPoster.class);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "status-callbacks");
            thread.setDaemon(true);
            return thread;
          });
  private final WebhookClient http = new WebhookClient();
  private final Duration delay;
  private final SimulatorProperties.Retry retry;

  CallbackPoster(SimulatorProperties properties) {
    this.delay = properties.statusDelay();
    this.retry = properties.statusRetry();
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
  public CompletableFuture<Integer> postOnce(Webhook webhook) {
    return http.post(webhook);
  }

  private void post(List<Callback> callbacks, int index, Webhook webhook, int attempt) {
    Callback callback = callbacks.get(index);
    http.post(webhook)
        .whenComplete(
            (status, failure) -> {
              String what = callback.what();
              if (failure == null && status / 100 == 2) {
                callback.accepted().run();
                // One line per status would cost the simulator more than posting it.
                log.debug("posted {}", what);
                next(callbacks, index);
              } else if (failure == null && status < 500) {
                log.warn("the API answered {} to {}; not retried", status, what);
                next(callbacks, index);
              } else if (attempt < retry.attempts()) {
                Duration backOff = retry.backOff(attempt);
                log.info(
                    "posting {} failed ({}); retry {} in {} ms",
                    what,
                    failure == null ? "HTTP " + status : failure.toString(),
                    attempt,
                    backOff.toMillis());
                later(() -> post(callbacks, index, webhook, attempt + 1), backOff);
              } else {
                log.warn(
                    "posting {} failed {} times ({}); given up",
                    what,
                    attempt,
                    failure == null ? "HTTP " + status : failure.toString());
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
    http.close();
  }
}
