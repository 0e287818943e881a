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

  /** Whether the request came in on a management port separate from the API's. */
  boolean serves(HttpServletRequest request) {
    if (port < 0) {
      // Both are set once the servers listen. Without a port of its own, Spring Boot makes the
      // management port an alias of the API's, which must not open the actuator.
      Integer management = environment.getProperty("local.management.port", Integer.class);
      Integer server = environment.getProperty("local.server.port", Integer.class);
      if (management == null || server == null) {
        return false;
      }
      port = management.equals(server) ? 0 : management;
    }
    return port > 0 && request.getLocalPort() == port;
  }
}
