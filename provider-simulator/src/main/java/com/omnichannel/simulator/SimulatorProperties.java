package com.omnichannel.simulator;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the simulator behaves ({@code simulator.*}).
 *
 * @param modelDelay how long the simulated model takes to answer
 * @param apiUrl the API's base URL, where the status callbacks go
 * @param channelSecrets {@code channelId=secret} pairs, comma-separated, of the channels that sign
 * @param statusDelay between a delivery and its 'delivered', and between 'delivered' and 'read'
 * @param statusRetry how a status post that failed is tried again
 */
@ConfigurationProperties("simulator")
public record SimulatorProperties(
    Duration modelDelay,
    URI apiUrl,
    String channelSecrets,
    Duration statusDelay,
    Retry statusRetry) {

  /**
   * @param attempts posts of one status in all, the first included
   * @param initialInterval the wait before the first retry, doubled before each further one
   */
  public record Retry(int attempts, Duration initialInterval) {}
}
