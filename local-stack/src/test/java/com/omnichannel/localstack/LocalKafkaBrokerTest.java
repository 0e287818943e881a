package com.omnichannel.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class LocalKafkaBrokerTest {

  private final Properties properties =
      LocalKafkaBroker.brokerProperties(19092, 19093, Path.of("/tmp/omni-kafka-test"));

  @Test
  void kafkaAcceptsTheConfiguration() {
    KafkaConfig config = KafkaConfig.fromProps(properties, false);

    assertThat(config.nodeId()).isEqualTo(1);
    assertThat(config.logDirs()).containsExactly("/tmp/omni-kafka-test");
  }

  @Test
  void listensOnTheLoopbackInterfaceOnly() {
    assertThat(properties.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
    assertThat(properties.getProperty("advertised.listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:19092");
  }

  @Test
  void topicsComeFromTheServicesNotFromTypos() {
    assertThat(properties.getProperty("auto.create.topics.enable")).isEqualTo("false");
  }
}
