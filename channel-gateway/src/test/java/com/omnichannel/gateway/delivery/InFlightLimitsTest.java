package com.omnichannel.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightLimitsTest {

  static final long COMPANY = 1;

  @Test
  void aCompanyAtItsLimitLeavesRoomForOtherCompaniesWhateverItsChannels() {
    var limits = new InFlightLimits(2, 3, 100);
    limits.tryAcquire(COMPANY, 1);
    limits.tryAcquire(COMPANY, 1);
    limits.tryAcquire(COMPANY, 2);

    assertThat(limits.tryAcquire(COMPANY, 3))
        .hasValueSatisfying(r -> assertThat(r).contains("company", "3 attempts"));
    assertThat(limits.tryAcquire(2, 4)).isEmpty();
    assertThat(limits.inFlight()).isEqualTo(4);

    limits.release(COMPANY, 2);
    assertThat(limits.tryAcquire(COMPANY, 3)).isEmpty();
  }

  @Test
  void aChannelRefusalGivesTheCompanySlotBack() {
    var limits = new InFlightLimits(1, 2, 100);
    limits.tryAcquire(COMPANY, 1);

    assertThat(limits.tryAcquire(COMPANY, 1))
        .hasValueSatisfying(r -> assertThat(r).contains("channel"));

    assertThat(limits.tryAcquire(COMPANY, 2)).isEmpty();
  }

  @Test
  void aChannelAtItsLimitLeavesRoomForOtherChannels() {
    var limits = new InFlightLimits(2, 100, 100);

    assertThat(limits.tryAcquire(COMPANY, 1)).isEmpty();
    assertThat(limits.tryAcquire(COMPANY, 1)).isEmpty();

    assertThat(limits.tryAcquire(COMPANY, 1))
        .hasValueSatisfying(r -> assertThat(r).contains("channel"));
    assertThat(limits.tryAcquire(COMPANY, 2)).isEmpty();
    assertThat(limits.inFlight()).isEqualTo(3);
  }

  @Test
  void theGatewayLimitHoldsAcrossChannels() {
    var limits = new InFlightLimits(10, 10, 3);
    limits.tryAcquire(COMPANY, 1);
    limits.tryAcquire(COMPANY, 2);
    limits.tryAcquire(COMPANY, 3);

    assertThat(limits.tryAcquire(COMPANY, 4))
        .hasValueSatisfying(r -> assertThat(r).contains("gateway"));
    assertThat(limits.inFlight()).isEqualTo(3);
  }

  @Test
  void aReleasedSlotCanBeTakenAgain() {
    var limits = new InFlightLimits(1, 1, 1);
    limits.tryAcquire(COMPANY, 1);

    limits.release(COMPANY, 1);

    assertThat(limits.inFlight()).isZero();
    assertThat(limits.tryAcquire(COMPANY, 2)).isEmpty();
  }

  @Test
  void aRefusalTakesNoSlot() {
    var limits = new InFlightLimits(1, 10, 10);
    limits.tryAcquire(COMPANY, 1);

    limits.tryAcquire(COMPANY, 1);
    limits.tryAcquire(COMPANY, 1);

    assertThat(limits.inFlight()).isEqualTo(1);
  }

  @Test
  void awaitingIdleEndsWhenTheLastAttemptIsReleased() throws Exception {
    var limits = new InFlightLimits(10, 10, 10);
    limits.tryAcquire(COMPANY, 1);
    limits.tryAcquire(COMPANY, 2);

    assertThat(limits.awaitIdle(Duration.ofMillis(50))).isFalse();
    var idle = CompletableFuture.supplyAsync(() -> awaitIdle(limits));
    limits.release(COMPANY, 1);
    limits.release(COMPANY, 2);

    assertThat(idle.get(5, TimeUnit.SECONDS)).isTrue();
  }

  static boolean awaitIdle(InFlightLimits limits) {
    try {
      return limits.awaitIdle(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
