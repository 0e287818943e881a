package com.omnichannel.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntakePressureDefaultsTest {

  @Test
  void intakeIsUnderPressureFromAQuarterOfThePoolInFlightAndNeverFromFewerThanFour() {
    // The default pool: 16 webhooks at once (a provider's connections) are pressure.
    assertThat(IntakePressure.defaultPressureRequests(20)).isEqualTo(5);
    assertThat(IntakePressure.defaultPressureRequests(100)).isEqualTo(25);
    // A small pool would otherwise count two requests at once as pressure.
    assertThat(IntakePressure.defaultPressureRequests(8))
        .isEqualTo(IntakePressure.MIN_PRESSURE_REQUESTS);
  }
}
