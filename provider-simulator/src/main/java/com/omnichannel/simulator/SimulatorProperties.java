package com.omnichannel.simulator;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the simulator behaves ({@code simulator.*}).
 *
 * @param modelDelay how long the simulated model takes to answer
 * @param apiUrl the API's base URL, where the status callbacks and the customers' messages go
 * @param publicBaseUrl the API's base URL as the providers reach it, which Twilio's signatures
 *     cover; the API checks them over the URL it is reached at, whatever is in between
 * @param channelSecrets {@code channelId=secret} pairs, comma-separated, of the channels that sign
 * @param whatsappAccounts the WhatsApp Cloud API accounts it stands in for, {@code
 *     channel_id|phone_number_id|access_token|app_secret}, comma-separated
 * @param twilioAccounts the Twilio accounts, {@code channel_id|account_sid|auth_token[|from]}
 * @param telegramBots the Telegram bots, {@code channel_id|bot_token|secret_token}
 * @param statusDelay between a delivery and its 'delivered', and between 'delivered' and 'read'
 * @param statusRetry how a status post that failed is tried again
 */
@ConfigurationProperties("simulator")
public record SimulatorProperties(
    Duration modelDelay,
    URI apiUrl,
    URI publicBaseUrl,
    String channelSecrets,
    String whatsappAccounts,
    String twilioAccounts,
    String telegramBots,
    Duration statusDelay,
    Retry statusRetry) {

  /**
   * @param attempts posts of one status in all, the first included
   * @param initialInterval the wait before the first retry, doubled before each further one
   * @param maxInterval the longest wait between two posts
   */
  public record Retry(int attempts, Duration initialInterval, Duration maxInterval) {

    /** The wait before post {@code attempt + 1}, after post {@code attempt} failed. */
    public Duration backOff(int attempt) {
      Duration doubled = initialInterval.multipliedBy(1L << Math.min(attempt - 1, 30));
      return maxInterval == null || doubled.compareTo(maxInterval) < 0 ? doubled : maxInterval;
    }
  }
}
