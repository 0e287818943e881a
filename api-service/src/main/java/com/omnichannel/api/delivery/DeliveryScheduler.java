package com.omnichannel.api.delivery;

import com.omnichannel.api.conversation.DeliveriesDue;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Requests the deliveries that are due: messages just stored, retries whose wait is over, and
 * requests the gateway did not answer within their lease. It is woken when messages due at once
 * commit, and polls as a fallback. Every instance runs one; the conversation's row lock makes two
 * instances request a due message once.
 */
@Component
class DeliveryScheduler implements SmartLifecycle {

  private static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);

  private final Deliveries deliveries;
  private final Duration pollInterval;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  DeliveryScheduler(Deliveries deliveries, DeliveryProperties properties) {
    this.deliveries = deliveries;
    this.pollInterval = properties.pollInterval();
  }

  @TransactionalEventListener
  void onDeliveriesDue(DeliveriesDue due) {
    wakeUps.release();
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "delivery-scheduler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        while (running && deliveries.requestDue(BATCH) == BATCH) {
          // A full batch: more may be due.
        }
        wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        wakeUps.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("Requesting due deliveries failed, trying again shortly: {}", e.toString());
        try {
          TimeUnit.MILLISECONDS.sleep(pollInterval.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
