package com.omnichannel.api.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The rate limits of this instance ({@code omni.rate-limit.*}); 0 switches a limit off.
 *
 * @param apiCallsPerMinute calls one API key may make a minute
 * @param webhooksPerSecond webhooks one channel may deliver a second
 */
@ConfigurationProperties("omni.rate-limit")
record RateLimitProperties(long apiCallsPerMinute, long webhooksPerSecond) {}
