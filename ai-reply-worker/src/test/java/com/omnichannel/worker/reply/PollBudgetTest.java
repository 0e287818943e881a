package com.omnichannel.worker.reply;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worker refuses to start with settings under which a slow model stalls the consumer. */
class PollBudgetTest {

  static final Duration POLL_INTERVAL = Duration.ofMinutes(5);

  @Test
  void theDefaultsLeaveRoomForEveryCallToTakeTheWholeTimeout() {
    assertThatCode(
            () ->
                MessageReceivedListener.requireBatchFitsPollInterval(
                    Duration.ofSeconds(20), 256, 500, POLL_INTERVAL))
        .doesNotThrowAnyException();
  }

  @Test
  void aBatchThatCouldOutlastThePollIntervalIsRefusedNamingTheSettings() {
    assertThatThrownBy(
            () ->
                MessageReceivedListener.requireBatchFitsPollInterval(
                    Duration.ofSeconds(20), 1, 500, POLL_INTERVAL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AI_MAX_POLL_RECORDS")
        .hasMessageContaining("AI_TIMEOUT");
  }
}
