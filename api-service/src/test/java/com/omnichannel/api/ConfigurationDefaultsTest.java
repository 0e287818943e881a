package com.omnichannel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** What a deployment gets when it sets nothing: secure defaults. */
class ConfigurationDefaultsTest {

  @Test
  void aDeploymentThatSetsNothingLoadsNoDemoDataAndShowsNoHealthDetails() throws IOException {
    var environment = new StandardEnvironment();
    // Only the configuration file: no environment variable overrides it here.
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    new YamlPropertySourceLoader()
        .load("api-service", new ClassPathResource(ApiApplication.CONFIG_NAME + ".yml"))
        .forEach(source -> environment.getPropertySources().addLast(source));
    // The file it imports, whose values come before its own, as Spring Boot orders them.
    String imported = environment.getProperty("spring.config.import");
    assertThat(imported).startsWith("classpath:");
    new YamlPropertySourceLoader()
        .load("imported", new ClassPathResource(imported.substring("classpath:".length())))
        .forEach(source -> environment.getPropertySources().addFirst(source));

    assertThat(environment.getProperty("spring.liquibase.contexts"))
        .isNotBlank()
        .doesNotContain("demo");
    assertThat(environment.getProperty("management.endpoint.health.show-details"))
        .isEqualTo("when-authorized");
    assertThat(environment.getProperty("logging.level.liquibase.database")).isEqualTo("WARN");
    assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
        .doesNotContain("*", "env", "heapdump");
  }
}
