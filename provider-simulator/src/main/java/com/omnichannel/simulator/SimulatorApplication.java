package com.omnichannel.simulator;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * A channel provider for the demo, in the place of WhatsApp's or Messenger's API: the API's
 * outbound deliveries land here, show up in its log as a phone would show them, and come back to
 * the API as delivered and read statuses.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SimulatorApplication {

  /** Name of this service's configuration file, {@code provider-simulator.yml}. */
  public static final String CONFIG_NAME = "provider-simulator";

  public static void main(String[] args) {
    application().run(args);
  }

  /**
   * The application as every launcher starts it. Its configuration file has a name of its own so
   * that it can share a classpath with the other services in the system tests.
   */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(SimulatorApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
