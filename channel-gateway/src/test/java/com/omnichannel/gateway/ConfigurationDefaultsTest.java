package com.omnichannel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.testing.ServiceConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a gateway gets when it sets nothing: each setting's default, given in the file. */
class ConfigurationDefaultsTest {

  static final String CONFIG_NAME = GatewayApplication.CONFIG_NAME;
  static final String[] PACKAGES = {"com.omnichannel.gateway", "com.omnichannel.kafka"};
  static final String[] KNOWN_RECORDS = {
    "OutboundProperties", "TopicProperties", "OmniKafkaProperties"
  };

  @Test
  void aGatewayThatSetsNothingCallsNoPrivateNetwork() {
    assertThat(
            ServiceConfiguration.fileOnly(CONFIG_NAME)
                .getProperty("omni.outbound.allow-private-networks"))
        .isEqualTo("false");
  }

  /**
   * Every {@code @ConfigurationProperties} record of the service, its own and kafka-support's: each
   * setting it has is given in the file (so the file is the one place of its default), and the file
   * alone binds it.
   */
  @Test
  void everyPropertiesRecordHasEachOfItsSettingsInTheFileAndBindsFromIt() {
    ServiceConfiguration.assertEveryPropertiesRecordIsSetInTheFileAndBinds(
        CONFIG_NAME, List.of(PACKAGES), KNOWN_RECORDS);
  }
}
