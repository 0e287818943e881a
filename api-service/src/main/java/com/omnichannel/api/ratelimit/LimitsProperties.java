package com.omnichannel.api.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What one company may hold at once ({@code omni.limits.*}); past a cap, creating one more is
 * refused with 409 until one goes. 0 switches a cap off.
 *
 * @param apiKeysPerCompany API keys not revoked
 * @param channelsPerCompany channels
 * @param usersPerCompany users, its AI user and its agents together
 * @param streamTokensPerCompany stream tokens not yet expired, used or not
 */
@ConfigurationProperties("omni.limits")
public record LimitsProperties(
    int apiKeysPerCompany,
    int channelsPerCompany,
    int usersPerCompany,
    int streamTokensPerCompany) {

  /** Whether a company that holds {@code held} of something capped at {@code cap} is full. */
  public static boolean reached(int cap, long held) {
    return cap > 0 && held >= cap;
  }
}
