package com.omnichannel.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The API's consumers commit their offsets once a second ({@code KAFKA_COMMIT_INTERVAL}), not after
 * every poll: under load each poll brings a few records, and a commit per poll cost the broker a
 * write and the consumer a round trip for each of them.
 */
@ApiIntegrationTest
class OffsetCommitsTest {

  @Autowired KafkaListenerEndpointRegistry listeners;

  @Test
  void everyListenerCommitsOnceASecond() {
    assertThat(listeners.getListenerContainers())
        .isNotEmpty()
        .allSatisfy(
            container -> {
              var properties = ((MessageListenerContainer) container).getContainerProperties();
              assertThat(properties.getAckMode()).isEqualTo(AckMode.TIME);
              assertThat(properties.getAckTime()).isEqualTo(1_000);
            });
  }
}
