package com.omnichannel.system;

import static org.awaitility.Awaitility.await;

import com.omnichannel.testing.TestInfrastructure;
import com.omnichannel.testing.TestSecrets;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A service as a process of its own, so that a test can kill it with SIGKILL: channel-gateway
 * mid-delivery, or a second API instance. The JVM running the tests starts it from its own
 * classpath, configured by environment variables as the local stack and the compose file configure
 * it.
 */
final class ServiceProcess implements AutoCloseable {

  /** Short, so that a hanging endpoint costs a test seconds, not the default 10. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);

  private final Process process;
  private final int port;
  private final String name;

  private ServiceProcess(Process process, int port, String name) {
    this.process = process;
    this.port = port;
    this.name = name;
  }

  /** channel-gateway, with the environment the tests add. */
  static ServiceProcess gateway(Map<String, String> extraEnvironment) {
    Map<String, String> environment = new HashMap<>();
    environment.put(
        "KAFKA_BOOTSTRAP_SERVERS",
        TestInfrastructure.springProperties().get("spring.kafka.bootstrap-servers"));
    environment.put("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");
    environment.put("OMNI_SECRETS_KEY", TestSecrets.KEY);
    environment.put("OUTBOUND_RESPONSE_TIMEOUT", RESPONSE_TIMEOUT.toSeconds() + "s");
    // Under the API's lease, as a deployment pairs them (50 s under 60 s): a request the API has
    // asked for again by now is skipped, so a gateway that restarts slower than the lease does
    // not send the backlog of one message's requests in a burst.
    environment.put(
        "OUTBOUND_REQUEST_EXPIRY", Stack.DELIVERY_LEASE.minusSeconds(1).toSeconds() + "s");
    // The standard OpenTelemetry variable, as an operator would set it.
    environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", Stack.TRACES.tracesEndpoint());
    environment.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULEDELAY", "200ms");
    environment.putAll(extraEnvironment);
    return start(
        "channel-gateway",
        "com.omnichannel.gateway.GatewayApplication",
        environment,
        List.of("--spring.autoconfigure.exclude=" + Stack.NOT_IN_A_KAFKA_SERVICE));
  }

  /** Another API instance on the same database and broker as the stack's. */
  static ServiceProcess api() {
    return api(freePort());
  }

  /** Another API instance on this port: one that comes back where it was, say. */
  static ServiceProcess api(int port) {
    return start(
        "api-service",
        "com.omnichannel.api.ApiApplication",
        Map.of(),
        List.of(TestInfrastructure.arguments("--omni.outbound.allow-private-networks=true")),
        port);
  }

  private static ServiceProcess start(
      String name, String mainClass, Map<String, String> environment, List<String> arguments) {
    return start(name, mainClass, environment, arguments, freePort());
  }

  private static ServiceProcess start(
      String name,
      String mainClass,
      Map<String, String> environment,
      List<String> arguments,
      int port) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(arguments);
    var builder = new ProcessBuilder(command);
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    builder.environment().putAll(environment);
    File log = Path.of("target", name + "-" + port + ".log").toFile();
    builder.redirectErrorStream(true).redirectOutput(log);
    try {
      var service = new ServiceProcess(builder.start(), port, name);
      service.awaitHealthy();
      return service;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start " + name, e);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  int port() {
    return port;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private void awaitHealthy() {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    await(name + " on port " + port + " healthy")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    name + " exited with " + process.exitValue() + "; see target/*.log");
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
