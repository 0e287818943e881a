package com.omnichannel.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operators' access ({@code omni.admin-token}).
 *
 * @param adminToken the bearer token of {@code /admin/**} and the actuator; empty switches the
 *     admin API off
 */
@ConfigurationProperties("omni")
record AdminProperties(String adminToken) {

  /** Without the token: settings end up in logs and error messages. */
  @Override
  public String toString() {
    return "AdminProperties[adminToken=" + (hasAdminToken() ? "(set)" : "(none)") + "]";
  }

  boolean hasAdminToken() {
    return adminToken != null && !adminToken.isBlank();
  }
}
