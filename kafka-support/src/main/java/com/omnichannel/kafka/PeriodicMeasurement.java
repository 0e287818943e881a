package com.omnichannel.kafka;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gauge's value measured on a daemon thread of its own, at once and then every interval, while
 * the application runs. A failed measurement (an outage, which health shows) leaves the gauges at
 * their last values, with a warning when measurements start failing.
 */
public abstract class PeriodicMeasurement implements RunsInBackground {

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private final BackgroundLoop loop;
  private boolean failing;

  protected PeriodicMeasurement(String name, Duration interval) {
    this.name = name;
    this.loop = BackgroundLoop.named(name).pollInterval(interval).rounds(this::measureQuietly);
  }

  /** Measures now and sets the gauges. */
  protected abstract void measure() throws Exception;

  /** Measures, and says that nothing more is waiting: the next measurement is an interval away. */
  private boolean measureQuietly() {
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
    return false;
  }

  @Override
  public BackgroundLoop loop() {
    return loop;
  }
}
