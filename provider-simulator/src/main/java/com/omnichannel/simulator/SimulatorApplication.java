package com.omnichannel.simulator;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The channel providers for the demo, the local stack and the system tests, in the place of the
 * real ones: a generic delivery endpoint, and the send APIs of the WhatsApp Cloud API, Twilio and
 * Telegram, each checking the credentials it was configured with. What they are sent shows up in
 * its log as a phone would show it, and comes back to the API as the provider's own status
 * webhooks, signed the provider's way. Simulated customers write through it too.
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
