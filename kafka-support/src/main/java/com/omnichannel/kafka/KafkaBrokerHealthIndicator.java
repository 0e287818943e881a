package com.omnichannel.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/** Reports the broker as up when it answers a cluster description within a short timeout. */
class KafkaBrokerHealthIndicator extends AbstractHealthIndicator {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final KafkaAdmin admin;
  private AdminClient client;

  KafkaBrokerHealthIndicator(KafkaAdmin admin) {
    super("Kafka health check failed");
    this.admin = admin;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    DescribeClusterResult cluster =
        client().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
    String clusterId = cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    int nodes = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
    builder.up().withDetails(Map.of("cluster_id", clusterId, "nodes", nodes));
  }

  private synchronized AdminClient client() {
    if (client == null) {
      client = AdminClient.create(admin.getConfigurationProperties());
    }
    return client;
  }

  synchronized void close() {
    if (client != null) {
      client.close(Duration.ofSeconds(1));
    }
  }
}
