package com.omnichannel.api.intake;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Whether intake is under pressure, and the place where background work waits while it is. Intake
 * is under pressure while a request waits for an intake connection, while at least {@code
 * omni.intake.pressure-connections} of them are in use (half the pool by default), or while at
 * least {@code omni.intake.pressure-requests} requests are being served (a quarter of the pool by
 * default, at least four: requests that wait for the cores, or for a group commit, pile up there
 * first): the webhooks then need the database, and the cores, more than any backlog does. A
 * background step waits at most {@code omni.intake.background-max-yield} and then goes on, so that
 * a saturated intake slows the background down to a step per wait but never stops it.
 */
@Component
public class IntakePressure {

  static final int MIN_PRESSURE_REQUESTS = 4;

  private static final long CHECK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final HikariDataSource intake;
  private final int pressureConnections;
  private final int pressureRequests;
  private final IntakeRequests requests;
  private final long maxYieldNanos;
  private final Timer yielded;

  IntakePressure(
      @Qualifier("intakePool") HikariDataSource intake,
      IntakeProperties properties,
      IntakeRequests requests,
      MeterRegistry meters) {
    this.intake = intake;
    this.requests = requests;
    this.pressureRequests =
        properties.pressureRequests() > 0
            ? properties.pressureRequests()
            : defaultPressureRequests(intake.getMaximumPoolSize());
    this.pressureConnections =
        properties.pressureConnections() > 0
            ? properties.pressureConnections()
            : Math.max(1, intake.getMaximumPoolSize() / 2);
    this.maxYieldNanos = properties.backgroundMaxYield().toNanos();
    this.yielded =
        Timer.builder("omni.intake.background_yield")
            .description("Time background steps waited for intake under pressure")
            .register(meters);
    meters.gauge("omni.intake.pressure", this, pressure -> pressure.underPressure() ? 1 : 0);
  }

  /**
   * A quarter of the intake pool, at least {@value #MIN_PRESSURE_REQUESTS}. Group commit serves
   * many requests with few connections, so the connections in use no longer tell how busy intake
   * is; the requests in flight do (arrivals times latency): 16 webhooks at once, or 400 a second
   * that each take 15 ms, are pressure, a steady trickle is not.
   */
  static int defaultPressureRequests(int intakePoolSize) {
    return Math.max(MIN_PRESSURE_REQUESTS, intakePoolSize / 4);
  }

  /** Whether requests wait for intake connections, use many of them, or are many in flight. */
  public boolean underPressure() {
    if (requests.inFlight() >= pressureRequests) {
      return true;
    }
    HikariPoolMXBean pool = intake.getHikariPoolMXBean();
    return pool != null
        && (pool.getThreadsAwaitingConnection() > 0
            || pool.getActiveConnections() >= pressureConnections);
  }

  /**
   * Waits while intake is under pressure, at most the longest yield; called by background work
   * before each step (a transaction's worth).
   */
  public void yieldToIntake() {
    if (!underPressure()) {
      return;
    }
    long start = System.nanoTime();
    long deadline = start + maxYieldNanos;
    do {
      LockSupport.parkNanos(CHECK_EVERY_NANOS);
    } while (underPressure()
        && System.nanoTime() - deadline < 0
        && !Thread.currentThread().isInterrupted());
    yielded.record(Duration.ofNanos(System.nanoTime() - start));
  }
}
