package com.omnichannel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.testing.ServiceConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;

/** What a deployment gets when it sets nothing: secure defaults, each given in the file. */
class ConfigurationDefaultsTest {

  static final String CONFIG_NAME = ApiApplication.CONFIG_NAME;
  static final String[] PACKAGES = {"com.omnichannel.api", "com.omnichannel.kafka"};
  static final String[] KNOWN_RECORDS = {
    "AdminProperties",
    "HttpProperties",
    "RateLimitProperties",
    "StreamProperties",
    "OutboundProperties",
    "OutboxProperties",
    "TopicProperties",
    "OmniKafkaProperties"
  };

  @Test
  void aDeploymentThatSetsNothingLoadsNoDemoDataAndShowsNoHealthDetails() {
    Environment environment = ServiceConfiguration.fileOnly(CONFIG_NAME);
    assertThat(environment.getProperty("spring.config.import")).startsWith("classpath:");

    assertThat(environment.getProperty("spring.liquibase.contexts"))
        .isNotBlank()
        .doesNotContain("demo");
    assertThat(environment.getProperty("management.endpoint.health.show-details"))
        .isEqualTo("when-authorized");
    assertThat(environment.getProperty("logging.level.liquibase.database")).isEqualTo("WARN");
    assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
        .doesNotContain("*", "env", "heapdump");
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
