package com.omnichannel.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A status post that failed waits twice as long before each retry, up to the longest wait. */
class StatusRetryTest {

  final SimulatorProperties.Retry retry =
      new SimulatorProperties.Retry(10, Duration.ofMillis(500), Duration.ofSeconds(15));

  @Test
  void theWaitDoublesFromTheFirstUpToTheLongest() {
    assertThat(retry.backOff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(retry.backOff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(retry.backOff(5)).isEqualTo(Duration.ofSeconds(8));
    assertThat(retry.backOff(6)).isEqualTo(Duration.ofSeconds(15));
    assertThat(retry.backOff(60)).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void withoutALongestWaitItOnlyDoubles() {
    var uncapped = new SimulatorProperties.Retry(4, Duration.ofMillis(50), null);

    assertThat(uncapped.backOff(3)).isEqualTo(Duration.ofMillis(200));
  }
}
