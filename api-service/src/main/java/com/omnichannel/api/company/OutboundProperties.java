package com.omnichannel.api.company;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this API reaches tenants' outbound URLs ({@code omni.outbound.*}): which addresses a channel
 * may deliver to, and how AI and agent messages are delivered there.
 *
 * @param allowPrivateNetworks whether outbound URLs may point into loopback and private networks,
 *     as the demo stacks need for their simulator
 * @param allowedHosts host names whose outbound URLs may point there even when the others may not
 *     (the compose demo's simulator, say)
 * @param dnsTimeout how long the check of an outbound URL waits for its host to resolve
 * @param maxAttempts attempts before a message that keeps failing is given up as failed
 * @param retryInitialInterval the wait after the first failed attempt; it doubles per attempt
 * @param retryMaxInterval the longest wait between attempts
 * @param lease how long a request may go unanswered before it is requested again
 * @param pollInterval how often the scheduler looks for due deliveries when nothing wakes it
 * @param roundSpacing how long after a round of the scheduler began a wake-up may start the next:
 *     the deliveries that became due meanwhile are requested together
 */
@ConfigurationProperties("omni.outbound")
public record OutboundProperties(
    boolean allowPrivateNetworks,
    List<String> allowedHosts,
    Duration dnsTimeout,
    int maxAttempts,
    Duration retryInitialInterval,
    Duration retryMaxInterval,
    Duration lease,
    Duration pollInterval,
    Duration roundSpacing) {

  public OutboundProperties {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
  }
}
