package com.omnichannel.kafka;

import java.time.Duration;
import org.apache.kafka.clients.admin.AdminClient;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The service's one admin client, which the broker's health and the consumer lag share: created on
 * first use, closed with the application, and never created again once closed.
 */
class BrokerAdmin implements AutoCloseable {

  private final KafkaAdmin admin;
  private AdminClient client;
  private boolean closed;

  BrokerAdmin(KafkaAdmin admin) {
    this.admin = admin;
  }

  synchronized AdminClient client() {
    if (closed) {
      throw new IllegalStateException("The admin client is closed");
    }
    if (client == null) {
      client = AdminClient.create(admin.getConfigurationProperties());
    }
    return client;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close(Duration.ofSeconds(1));
      client = null;
    }
  }
}
