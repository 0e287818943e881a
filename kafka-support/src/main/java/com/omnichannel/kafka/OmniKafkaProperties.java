package com.omnichannel.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the services consume ({@code omni.kafka.*}).
 *
 * @param retry how a failing record is tried again before it is settled or dead-lettered
 * @param lagInterval how often the consumer group's lag is measured
 */
@ConfigurationProperties("omni.kafka")
record OmniKafkaProperties(Retry retry, Duration lagInterval) {

  /**
   * @param attempts retries of a failing record, after its first attempt
   * @param initialInterval the wait before the first retry; it doubles per retry
   */
  record Retry(int attempts, Duration initialInterval) {}
}
