package com.omnichannel.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.env.Environment;

/**
 * The actuator's own port, when {@code MANAGEMENT_SERVER_PORT} gives it one. Such a port is for the
 * operators' network only (the compose file does not publish it), so Prometheus scrapes it without
 * the admin token that the actuator needs on the API's port.
 */
class ManagementPort {

  private final Environment environment;
  private volatile int port = -1;

  ManagementPort(Environment environment) {
    this.environment = environment;
  }

  /** Whether the request came in on the separate management port. */
  boolean serves(HttpServletRequest request) {
    if (port < 0) {
      // Set by Spring Boot once the management server listens; absent without a port of its own.
      Integer listening = environment.getProperty("local.management.port", Integer.class);
      if (listening == null) {
        return false;
      }
      port = listening;
    }
    return request.getLocalPort() == port;
  }
}
