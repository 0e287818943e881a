package com.omnichannel.api.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How AI and agent messages are delivered to providers.
 *
 * @param maxAttempts attempts before a message that keeps failing is given up as failed
 * @param retryInitialInterval the wait after the first failed attempt; it doubles per attempt
 * @param retryMaxInterval the longest wait between attempts
 * @param lease how long a request may go unanswered before it is requested again
 * @param pollInterval how often the scheduler looks for due deliveries when nothing wakes it
 */
@ConfigurationProperties("omni.outbound")
record DeliveryProperties(
    int maxAttempts,
    Duration retryInitialInterval,
    Duration retryMaxInterval,
    Duration lease,
    Duration pollInterval) {

  /** A provider's Retry-After is honoured up to this. */
  static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);
}
