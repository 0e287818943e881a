package com.omnichannel.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rounds of background work on a daemon thread of its own, from start until stop: a round at once,
 * the next one at once again while a round says more is waiting, else after a wake-up or the poll
 * interval, whichever comes first. A loop may space its woken rounds: a round a wake-up starts then
 * begins no sooner than that after the one before began, so that what commits meanwhile goes in one
 * round rather than in one round per commit.
 *
 * <p>A failed round is reported and the next one runs after a back-off, which doubles up to its
 * limit and starts over after a round that works. Wake-ups do not cut a back-off short, so an
 * outage is not hammered. A round that fails because the loop is stopping is no failure. Stopping
 * interrupts the thread and waits for it to end; the loop can be started again.
 */
public final class BackgroundLoop {

  /** One round of the work. */
  @FunctionalInterface
  public interface Round {
    /** Does one round; returns whether more is waiting, so that the next round runs at once. */
    boolean run() throws Exception;
  }

  /** Hears of a failed round. */
  @FunctionalInterface
  public interface FailureHandler {
    /** Called on the loop's thread when a round failed, before it waits {@code retryIn}. */
    void failed(Exception failure, Duration retryIn);
  }

  private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final Duration pollInterval;
  private final Duration roundSpacing;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final FailureHandler onFailure;
  private final Runnable onExit;
  private final Round round;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile boolean running;
  private volatile Thread thread;

  private BackgroundLoop(Builder builder, Round round) {
    this.name = builder.name;
    this.pollInterval = Objects.requireNonNull(builder.pollInterval, "pollInterval");
    this.roundSpacing = builder.roundSpacing;
    this.firstBackoff = builder.firstBackoff == null ? pollInterval : builder.firstBackoff;
    this.maxBackoff = builder.maxBackoff == null ? firstBackoff : builder.maxBackoff;
    this.onFailure = builder.onFailure;
    this.onExit = builder.onExit;
    this.round = round;
  }

  /** A loop whose thread has this name. */
  public static Builder named(String threadName) {
    return new Builder(threadName);
  }

  /** Starts the thread, unless it runs already: a second thread would do every round twice. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    Thread started = new Thread(this::loop, name);
    started.setDaemon(true);
    thread = started;
    started.start();
  }

  /** Stops the thread: interrupts whatever it is doing and waits for it to end. */
  public synchronized void stop() {
    running = false;
    Thread current = thread;
    thread = null;
    if (current == null) {
      return;
    }
    current.interrupt();
    if (current != Thread.currentThread()) {
      try {
        current.join(JOIN_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    return running;
  }

  /** Makes the loop run a round now instead of at its next poll (not during a back-off). */
  public void wake() {
    if (wakeUps.availablePermits() == 0) {
      wakeUps.release();
    }
  }

  /** Whether this thread is the loop's, still to run: one that outlived its stop is not. */
  private boolean stillRunning() {
    return running && thread == Thread.currentThread();
  }

  private void loop() {
    Duration backoff = firstBackoff;
    try {
      while (stillRunning()) {
        try {
          long started = System.nanoTime();
          boolean more = round.run();
          backoff = firstBackoff;
          if (!more) {
            if (wakeUps.tryAcquire(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
              TimeUnit.NANOSECONDS.sleep(started + roundSpacing.toNanos() - System.nanoTime());
            }
            wakeUps.drainPermits();
          }
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          if (!stillRunning()) {
            return;
          }
          onFailure.failed(e, backoff);
          TimeUnit.NANOSECONDS.sleep(backoff.toNanos());
          backoff = min(backoff.multipliedBy(2), maxBackoff);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      onExit.run();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** How a loop waits, backs off and reports. */
  public static final class Builder {
    private final String name;
    private Duration pollInterval;
    private Duration roundSpacing = Duration.ZERO;
    private Duration firstBackoff;
    private Duration maxBackoff;
    private FailureHandler onFailure;
    private Runnable onExit = () -> {};

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      this.onFailure =
          (failure, retryIn) ->
              log.warn(
                  "A round of {} failed, retrying in {} ms: {}",
                  name,
                  retryIn.toMillis(),
                  failure.toString());
    }

    /** How long the loop waits for a wake-up after a round with nothing more waiting. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * How long after a round began the next one a wake-up asks for may begin (none by default): the
     * work committed meanwhile waits for it and goes in one round. A round whose work was more than
     * one round could take, and a wake-up after a quiet spell, start at once all the same.
     */
    public Builder roundSpacing(Duration roundSpacing) {
      this.roundSpacing = Objects.requireNonNull(roundSpacing, "roundSpacing");
      return this;
    }

    /**
     * The wait after a first failed round, doubled after each further one up to {@code max}; the
     * poll interval, not doubled, unless set.
     */
    public Builder backOff(Duration first, Duration max) {
      this.firstBackoff = first;
      this.maxBackoff = max;
      return this;
    }

    /** What to do when a round failed; a warning unless set. */
    public Builder onFailure(FailureHandler onFailure) {
      this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
      return this;
    }

    /** What to do on the loop's thread once it stops, whatever the reason. */
    public Builder onExit(Runnable onExit) {
      this.onExit = Objects.requireNonNull(onExit, "onExit");
      return this;
    }

    /** The loop that does these rounds. */
    public BackgroundLoop rounds(Round round) {
      return new BackgroundLoop(this, Objects.requireNonNull(round, "round"));
    }
  }
}
