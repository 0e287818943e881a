package com.omnichannel.testing;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mysql.MySQLContainer;

/** MySQL 8.4 and Apache Kafka in Docker containers. */
final class ContainerInfrastructure implements TestInfrastructure.Infrastructure {

  private final MySQLContainer mysql;
  private final KafkaContainer kafka;

  ContainerInfrastructure() {
    mysql =
        new MySQLContainer("mysql:8.4")
            .withDatabaseName("omni")
            .withUsername("omni")
            .withPassword("omni")
            .withCommand("--max-connections=500");
    kafka = new KafkaContainer("apache/kafka:3.9.1");
    mysql.start();
    kafka.start();
  }

  @Override
  public String jdbcUrl() {
    return mysql.getJdbcUrl();
  }

  @Override
  public String username() {
    return mysql.getUsername();
  }

  @Override
  public String password() {
    return mysql.getPassword();
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public void stopKafka() {
    kafka.getDockerClient().pauseContainerCmd(kafka.getContainerId()).exec();
  }

  @Override
  public void startKafka() {
    kafka.getDockerClient().unpauseContainerCmd(kafka.getContainerId()).exec();
  }

  @Override
  public String describe() {
    return "MySQL container at " + jdbcUrl() + ", Kafka container at " + bootstrapServers();
  }

  @Override
  public void close() {
    kafka.stop();
    mysql.stop();
  }
}
