package com.omnichannel.worker;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

  /** Name of this service's configuration file, {@code ai-reply-worker.yml}. */
  public static final String CONFIG_NAME = "ai-reply-worker";

  public static void main(String[] args) {
    application().run(args);
  }

  /**
   * The application as every launcher starts it. Its configuration file has a name of its own so
   * that it can share a classpath with the API in the system tests.
   */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(WorkerApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
