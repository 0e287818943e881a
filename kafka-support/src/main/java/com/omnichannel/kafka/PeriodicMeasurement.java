package com.omnichannel.kafka;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A gauge's value measured on a daemon thread of its own, at once and then every interval, while
 * the application runs. A failed measurement (an outage, which health shows) leaves the gauges at
 * their last values, with a warning when measurements start failing.
 */
public abstract class PeriodicMeasurement implements SmartLifecycle {

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private final Duration interval;
  private ScheduledExecutorService scheduler;
  private boolean failing;

  protected PeriodicMeasurement(String name, Duration interval) {
    this.name = name;
    this.interval = interval;
  }

  /** Measures now and sets the gauges. */
  protected abstract void measure() throws Exception;

  private void measureQuietly() {
    try {
      measure();
      if (failing) {
        failing = false;
        log.info("Measuring {} works again", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Once per run of failures: an outage fails every measurement until it ends, while a
      // failure that never ends (a missing permission, a bug) must not hide behind stale gauges.
      if (failing) {
        log.debug("Measuring {} failed again: {}", name, e.toString());
      } else {
        failing = true;
        log.warn("Measuring {} failed; its gauges keep their last values: {}", name, e.toString());
      }
    }
  }

  @Override
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::measureQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
