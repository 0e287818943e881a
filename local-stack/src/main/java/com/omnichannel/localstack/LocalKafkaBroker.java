package com.omnichannel.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a real single-node Kafka broker (KRaft, broker and controller in one process) from the
 * Apache Kafka jars on {@code 127.0.0.1:$KAFKA_PORT}, its controller on {@code
 * $KAFKA_CONTROLLER_PORT}. The log folder {@code $LOCAL_STACK_DIR/kafka/data} is formatted on the
 * first start and kept across restarts.
 */
public final class LocalKafkaBroker {

  private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private LocalKafkaBroker() {}

  public static void main(String[] args) {
    try {
      run();
    } catch (Exception e) {
      // The broker's threads would keep a failed launcher alive.
      log.error("The broker did not start", e);
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    Path home = LaunchSettings.stateDir().resolve("kafka");
    int port = LaunchSettings.port("KAFKA_PORT", 9092);
    int controllerPort = LaunchSettings.port("KAFKA_CONTROLLER_PORT", port + 1);
    Path logDir = home.resolve("data");
    Files.createDirectories(logDir);

    Properties properties = brokerProperties(port, controllerPort, logDir);
    Path propertiesFile = home.resolve("server.properties");
    writeProperties(properties, propertiesFile);
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(propertiesFile);
    }

    KafkaRaftServer server =
        new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(server::shutdown, "local-kafka-broker-shutdown"));
    server.startup();
    awaitRegistration("127.0.0.1:" + port);
    log.info("Kafka is ready at 127.0.0.1:{}, data in {}", port, logDir);
    LaunchSettings.reportReady();
    server.awaitShutdown();
  }

  /** The broker's configuration; sorted, so that the written file reads well. */
  static Properties brokerProperties(int port, int controllerPort, Path logDir) {
    Map<String, String> config = new TreeMap<>();
    config.put("node.id", "1");
    config.put("process.roles", "broker,controller");
    config.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.put("log.dirs", logDir.toString());
    // The services declare their topics (and the docker-compose demo creates them up front);
    // a typo in a topic name should fail, not create a new topic.
    config.put("auto.create.topics.enable", "false");
    config.put("num.partitions", "3");
    config.put("offsets.topic.replication.factor", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    // Nothing else is coming to join a group here: rebalance at once.
    config.put("group.initial.rebalance.delay.ms", "0");
    Properties properties = new Properties();
    properties.putAll(config);
    return properties;
  }

  private static void writeProperties(Properties properties, Path file) throws IOException {
    StringBuilder text = new StringBuilder("# Written by LocalKafkaBroker at every start.\n");
    new TreeMap<>(properties)
        .forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    Files.writeString(file, text);
  }

  private static void format(Path propertiesFile) {
    String clusterId = Uuid.randomUuid().toString();
    log.info("First start: formatting the log folder for cluster {}", clusterId);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode =
        StorageTool.execute(
            new String[] {
              "format", "--cluster-id", clusterId, "--config", propertiesFile.toString()
            },
            new PrintStream(output, true, StandardCharsets.UTF_8));
    String printed = output.toString(StandardCharsets.UTF_8).trim();
    if (exitCode != 0) {
      throw new IllegalStateException("Formatting the Kafka log folder failed: " + printed);
    }
    log.info("{}", printed);
  }

  /** Waits until the broker has registered with its controller and answers clients. */
  private static void awaitRegistration(String bootstrapServers) throws InterruptedException {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
      Exception lastFailure = null;
      while (Instant.now().isBefore(deadline)) {
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          lastFailure = e;
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      throw new IllegalStateException(
          "The broker did not come up within " + READY_TIMEOUT, lastFailure);
    }
  }
}
