package com.omnichannel.simulator.delivery;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the customers' phones show: a log line for each message taken, the point of the demo, up to
 * {@value #LINES_PER_SECOND} a second. Past that, the second's other messages are counted, and the
 * count is printed before the next line ({@code GET /messages} lists every one): at the hundreds of
 * sends a second of a benchmark nobody reads the lines, and writing one cost the simulator more
 * than taking its message.
 */
@Component
public class PhoneLog {

  static final int LINES_PER_SECOND = 20;

  private static final Logger log = LoggerFactory.getLogger(PhoneLog.class);

  private final Clock clock;
  private long second = Long.MIN_VALUE;
  private int printed;
  private int unprinted;

  PhoneLog(Clock clock) {
    this.clock = clock;
  }

  /** Prints the line, an SLF4J format and its arguments, unless the second's lines are used up. */
  public void shown(String format, Object... arguments) {
    if (admit()) {
      log.info(format, arguments);
    }
  }

  private synchronized boolean admit() {
    long now = clock.millis() / 1000;
    if (now != second) {
      if (unprinted > 0) {
        log.info(
            "... and {} more messages in that second, not printed (GET /messages lists them)",
            unprinted);
      }
      second = now;
      printed = 0;
      unprinted = 0;
    }
    if (printed < LINES_PER_SECOND) {
      printed++;
      return true;
    }
    unprinted++;
    return false;
  }
}
