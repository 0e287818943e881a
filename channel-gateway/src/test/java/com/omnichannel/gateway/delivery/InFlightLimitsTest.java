package com.omnichannel.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightLimitsTest {

  @Test
  void aChannelAtItsLimitLeavesRoomForOtherChannels() {
    var limits = new InFlightLimits(2, 100);

    assertThat(limits.tryAcquire(1)).isEmpty();
    assertThat(limits.tryAcquire(1)).isEmpty();

    assertThat(limits.tryAcquire(1)).hasValueSatisfying(r -> assertThat(r).contains("channel"));
    assertThat(limits.tryAcquire(2)).isEmpty();
    assertThat(limits.inFlight()).isEqualTo(3);
  }

  @Test
  void theGatewayLimitHoldsAcrossChannels() {
    var limits = new InFlightLimits(10, 3);
    limits.tryAcquire(1);
    limits.tryAcquire(2);
    limits.tryAcquire(3);

    assertThat(limits.tryAcquire(4)).hasValueSatisfying(r -> assertThat(r).contains("gateway"));
    assertThat(limits.inFlight()).isEqualTo(3);
  }

  @Test
  void aReleasedSlotCanBeTakenAgain() {
    var limits = new InFlightLimits(1, 1);
    limits.tryAcquire(1);

    limits.release(1);

    assertThat(limits.inFlight()).isZero();
    assertThat(limits.tryAcquire(2)).isEmpty();
  }

  @Test
  void aRefusalTakesNoSlot() {
    var limits = new InFlightLimits(1, 10);
    limits.tryAcquire(1);

    limits.tryAcquire(1);
    limits.tryAcquire(1);

    assertThat(limits.inFlight()).isEqualTo(1);
  }
}
