package com.omnichannel.system;

import static org.awaitility.Awaitility.await;

import com.omnichannel.testing.TestInfrastructure;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * channel-gateway as a process of its own, so that a test can kill it with SIGKILL mid-delivery:
 * the JVM running the tests starts it from its own classpath, configured by environment variables
 * as the local stack and the compose file configure it.
 */
final class GatewayProcess implements AutoCloseable {

  /** Short, so that a hanging endpoint costs a test seconds, not the default 10. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);

  private final Process process;
  private final int port;

  private GatewayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static GatewayProcess start(Map<String, String> extraEnvironment) {
    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(
            List.of(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "com.omnichannel.gateway.GatewayApplication",
                // The services share this classpath; the gateway has no database.
                "--spring.autoconfigure.exclude="
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                    + "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"));
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    builder
        .environment()
        .put(
            "KAFKA_BOOTSTRAP_SERVERS",
            TestInfrastructure.springProperties().get("spring.kafka.bootstrap-servers"));
    builder.environment().put("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");
    builder.environment().put("OUTBOUND_RESPONSE_TIMEOUT", RESPONSE_TIMEOUT.toSeconds() + "s");
    builder.environment().putAll(extraEnvironment);
    File log = Path.of("target", "channel-gateway-" + port + ".log").toFile();
    builder.redirectErrorStream(true).redirectOutput(log);
    try {
      var gateway = new GatewayProcess(builder.start(), port);
      gateway.awaitHealthy();
      return gateway;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start channel-gateway", e);
    }
  }

  private void awaitHealthy() {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    await("channel-gateway on port " + port + " healthy")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "channel-gateway exited with " + process.exitValue() + "; see target/*.log");
              }
              return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
  }

  /** SIGKILL: no shutdown hook, no offset commit, no goodbye. */
  void kill() {
    process.destroyForcibly();
    await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
