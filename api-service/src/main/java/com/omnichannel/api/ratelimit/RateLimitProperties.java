package com.omnichannel.api.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The rate limits of this instance ({@code omni.rate-limit.*}); 0 switches a limit off.
 *
 * @param apiCallsPerMinute calls one company may make a minute, all its API keys together
 * @param webhooksPerSecond webhooks one channel may deliver a second
 * @param authFailedLookupsPerSecond database look-ups of unknown credentials (API keys, stream
 *     tokens) this instance makes a second, all callers together: the backstop
 * @param authFailedLookupsPerSecondPerAddress those look-ups a second for callers from one client
 *     address (an IPv6 address's /64)
 */
@ConfigurationProperties("omni.rate-limit")
record RateLimitProperties(
    long apiCallsPerMinute,
    long webhooksPerSecond,
    long authFailedLookupsPerSecond,
    long authFailedLookupsPerSecondPerAddress) {}
