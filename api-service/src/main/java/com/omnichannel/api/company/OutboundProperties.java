package com.omnichannel.api.company;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this API reaches tenants' outbound URLs ({@code omni.outbound.*}): which addresses a channel
 * may deliver to, and how AI and agent messages are delivered there.
 *
 * @param allowPrivateNetworks whether outbound URLs may point into loopback and private networks,
 *     as the demo stacks need for their simulator
 * @param maxAttempts attempts before a message that keeps failing is given up as failed
 * @param retryInitialInterval the wait after the first failed attempt; it doubles per attempt
 * @param retryMaxInterval the longest wait between attempts
 * @param lease how long a request may go unanswered before it is requested again
 * @param pollInterval how often the scheduler looks for due deliveries when nothing wakes it
 */
@ConfigurationProperties("omni.outbound")
public record OutboundProperties(
    boolean allowPrivateNetworks,
    int maxAttempts,
    Duration retryInitialInterval,
    Duration retryMaxInterval,
    Duration lease,
    Duration pollInterval) {}
