package com.omnichannel.simulator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The phone's lines: each message up to the second's budget, then a count of the others. */
class PhoneLogTest {

  final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
  final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(PhoneLog.class);
  final PhoneLog phone = new PhoneLog(new SteppedClock());

  @BeforeEach
  void listen() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(lines);
  }

  @Test
  void printsTheSecondsFirstLinesAndThenCountsTheOthers() {
    int sent = PhoneLog.LINES_PER_SECOND + 5;
    for (int i = 0; i < sent; i++) {
      phone.shown("[phone {}] {}", "+15550001", "message " + i);
    }
    assertThat(printed()).hasSize(PhoneLog.LINES_PER_SECOND);
    assertThat(printed().get(0)).isEqualTo("[phone +15550001] message 0");

    millis.addAndGet(1_000);
    phone.shown("[phone {}] {}", "+15550001", "next second");

    List<String> after = printed().subList(PhoneLog.LINES_PER_SECOND, printed().size());
    assertThat(after)
        .containsExactly(
            "... and 5 more messages in that second, not printed (GET /messages lists them)",
            "[phone +15550001] next second");
  }

  @Test
  void aSecondWithinItsBudgetPrintsEveryLineAndNoCount() {
    phone.shown("[phone {}] {}", "+15550002", "one");
    millis.addAndGet(1_000);
    phone.shown("[phone {}] {}", "+15550002", "two");

    assertThat(printed()).containsExactly("[phone +15550002] one", "[phone +15550002] two");
  }

  private List<String> printed() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** A clock at {@link #millis}, which the test moves on. */
  private final class SteppedClock extends Clock {

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }
}
