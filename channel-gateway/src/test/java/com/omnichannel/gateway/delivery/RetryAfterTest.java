package com.omnichannel.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void secondsBecomeMilliseconds() {
    assertThat(RetryAfter.millis("7", NOW)).isEqualTo(7_000L);
    assertThat(RetryAfter.millis(" 0 ", NOW)).isZero();
  }

  @Test
  void anHttpDateBecomesTheWaitUntilThen() {
    assertThat(RetryAfter.millis("Sun, 01 Mar 2026 10:02:00 GMT", NOW)).isEqualTo(120_000L);
  }

  @Test
  void aDateInThePastMeansNoWait() {
    assertThat(RetryAfter.millis("Sun, 01 Mar 2026 09:00:00 GMT", NOW)).isZero();
  }

  @Test
  void longWaitsAreCappedAtAnHour() {
    assertThat(RetryAfter.millis("86400", NOW)).isEqualTo(3_600_000L);
    assertThat(RetryAfter.millis("99999999999999999999999", NOW)).isEqualTo(3_600_000L);
    assertThat(RetryAfter.millis("Tue, 03 Mar 2026 10:00:00 GMT", NOW)).isEqualTo(3_600_000L);
  }

  @Test
  void missingOrUnreadableValuesGiveNoWait() {
    assertThat(RetryAfter.millis(null, NOW)).isNull();
    assertThat(RetryAfter.millis("", NOW)).isNull();
    assertThat(RetryAfter.millis("soon", NOW)).isNull();
    assertThat(RetryAfter.millis("-5", NOW)).isNull();
  }
}
