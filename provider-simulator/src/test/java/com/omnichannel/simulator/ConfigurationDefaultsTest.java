package com.omnichannel.simulator;

import com.omnichannel.testing.ServiceConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the simulator gets when it sets nothing: each setting's default, given in the file. */
class ConfigurationDefaultsTest {

  static final String CONFIG_NAME = SimulatorApplication.CONFIG_NAME;
  static final String[] PACKAGES = {"com.omnichannel.simulator"};
  static final String[] KNOWN_RECORDS = {"SimulatorProperties"};

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
