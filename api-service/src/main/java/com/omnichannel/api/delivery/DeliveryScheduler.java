package com.omnichannel.api.delivery;

import com.omnichannel.api.conversation.Conversations;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Requests the deliveries that are due: retries whose wait is over, and requests the gateway did
 * not answer within their lease. Every instance runs one; the conversation's row lock makes two
 * instances request a due message once.
 */
@Component
class DeliveryScheduler implements SmartLifecycle {

  private static final int BATCH = 200;
  private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);

  private final Conversations conversations;
  private final Duration pollInterval;
  private ScheduledExecutorService executor;

  DeliveryScheduler(
      Conversations conversations,
      @Value("${omni.outbound.poll-interval:250ms}") Duration pollInterval) {
    this.conversations = conversations;
    this.pollInterval = pollInterval;
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "delivery-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::requestDue, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void requestDue() {
    try {
      while (conversations.requestDueDeliveries(BATCH) == BATCH) {
        // A full batch: more may be due.
      }
    } catch (RuntimeException e) {
      log.warn("Requesting due deliveries failed, trying again shortly: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
