package com.omnichannel.api;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiApplication {

  /** Name of this service's configuration file, {@code api-service.yml}. */
  public static final String CONFIG_NAME = "api-service";

  public static void main(String[] args) {
    application().run(args);
  }

  /**
   * The application as every launcher starts it. Its configuration file has a name of its own so
   * that it can share a classpath with the worker in the system tests.
   */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ApiApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
