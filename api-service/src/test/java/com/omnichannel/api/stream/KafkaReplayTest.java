package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replay from Kafka never makes a resuming stream wait for another one's. */
class KafkaReplayTest {

  @Test
  void aResumeWhileEveryReplayIsTakenIsResetAtOnceInsteadOfWaiting() {
    // No replay may run: as when the instance's replays are all busy reading.
    KafkaReplay busy = new KafkaReplay(null, Duration.ofSeconds(30), 0);
    PartitionLog.Replay gap = new PartitionLog.Replay(List.of(), 0, 5, 5, null);
    Subscription stream = PartitionLogTest.acme();

    KafkaReplay.Outcome outcome =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () -> busy.read(0, gap, stream, new Subscription.Limits(100, 1_000_000)));

    assertThat(outcome.events()).isEmpty();
    assertThat(outcome.reset()).isNotNull();
    assertThat(outcome.reset().json()).isEqualTo("{\"reason\":\"replay_busy\"}");
  }
}
