package com.omnichannel.simulator.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ChannelSecretsTest {

  @Test
  void readsChannelSecretPairs() {
    ChannelSecrets secrets = ChannelSecrets.parse("2=globex-webhook-secret, 7=abc");

    assertThat(secrets.of(2)).contains("globex-webhook-secret");
    assertThat(secrets.of(7)).contains("abc");
    assertThat(secrets.of(1)).isEmpty();
  }

  @Test
  void blankMeansNoChannelSigns() {
    assertThat(ChannelSecrets.parse("").of(2)).isEmpty();
    assertThat(ChannelSecrets.parse(null).of(2)).isEmpty();
  }

  @Test
  void aMistypedPairStopsTheSimulatorRatherThanLeavingTheChannelUnsigned() {
    assertThatIllegalArgumentException().isThrownBy(() -> ChannelSecrets.parse("2:secret"));
    assertThatIllegalArgumentException().isThrownBy(() -> ChannelSecrets.parse("two=secret"));
    assertThatIllegalArgumentException().isThrownBy(() -> ChannelSecrets.parse("2="));
    assertThatIllegalArgumentException().isThrownBy(() -> ChannelSecrets.parse("2=a,2=b"));
  }
}
