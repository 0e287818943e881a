package com.omnichannel.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps docker-compose.yml honest without a Docker engine: the services get only variables they
 * read (their configuration files, or Spring Boot itself), every variable it interpolates is
 * documented in .env.example, and every image is pinned.
 */
class ComposeFileTest {

  /** {@code ${NAME}} or {@code ${NAME:default}} in a Spring configuration file. */
  private static final Pattern SPRING_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)[:}]");

  /** {@code ${NAME}}, {@code ${NAME:-default}} in a Compose file; {@code $$} escapes it. */
  private static final Pattern COMPOSE_VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z0-9_]+)");

  /**
   * Variables that Spring Boot binds to its own properties by relaxed binding
   * (MANAGEMENT_SERVER_PORT is management.server.port), so no configuration file names them.
   */
  private static final Set<String> SPRING_BOOT_VARIABLES = Set.of("MANAGEMENT_SERVER_PORT");

  static final Path ROOT = repositoryRoot();

  /** The observability settings the API, the worker and the gateway import. */
  private static final Path SHARED_CONFIG =
      Path.of("kafka-support/src/main/resources/omni-observability.yml");

  @Test
  void everyVariableSetOnTheApiIsOneTheApiReads() throws IOException {
    Set<String> environment = environmentOf("api-service");

    assertThat(environment)
        .contains("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "MANAGEMENT_SERVER_PORT");
    assertThat(variablesReadBy("api-service/src/main/resources/api-service.yml"))
        .as("variables that api-service.yml reads")
        .containsAll(environment);
  }

  @Test
  void everyVariableSetOnTheWorkerIsOneTheWorkerReads() throws IOException {
    Set<String> environment = environmentOf("ai-reply-worker");

    assertThat(environment).contains("KAFKA_BOOTSTRAP_SERVERS");
    assertThat(variablesReadBy("ai-reply-worker/src/main/resources/ai-reply-worker.yml"))
        .as("variables that ai-reply-worker.yml reads")
        .containsAll(environment);
  }

  @Test
  void everyVariableSetOnTheSimulatorIsOneTheSimulatorReads() throws IOException {
    Set<String> environment = environmentOf("provider-simulator");

    assertThat(environment).contains("OMNI_API_URL", "SIMULATOR_CHANNEL_SECRETS");
    assertThat(variablesReadBy("provider-simulator/src/main/resources/provider-simulator.yml"))
        .as("variables that provider-simulator.yml reads")
        .containsAll(environment);
  }

  @Test
  void everyVariableSetOnTheGatewayIsOneTheGatewayReads() throws IOException {
    Set<String> environment = environmentOf("channel-gateway");

    assertThat(environment).contains("KAFKA_BOOTSTRAP_SERVERS", "OUTBOUND_ALLOWED_HOSTS");
    assertThat(variablesReadBy("channel-gateway/src/main/resources/channel-gateway.yml"))
        .as("variables that channel-gateway.yml reads")
        .containsAll(environment);
  }

  /**
   * A Kafka outage must restart nothing: the API stays ready (its outbox keeps the webhooks'
   * events), and the Kafka consumers are checked for liveness only.
   */
  @Test
  void healthChecksAskTheHealthGroupThatIgnoresKafka() throws IOException {
    assertThat(healthCheckOf("api-service"))
        .contains("http://localhost:9000/actuator/health/readiness");
    assertThat(healthCheckOf("ai-reply-worker"))
        .contains("http://localhost:8001/actuator/health/liveness");
    assertThat(healthCheckOf("channel-gateway"))
        .contains("http://localhost:8002/actuator/health/liveness");
    assertThat(healthCheckOf("provider-simulator"))
        .contains("http://localhost:8003/actuator/health/liveness");
  }

  /**
   * The tools for the person at the machine listen on its loopback only: the Kafka UI (which could
   * otherwise produce records), Prometheus, Grafana and Kafka's external listener.
   */
  @Test
  void operatorToolsAreBoundToLoopback() throws IOException {
    for (String tool : List.of("kafka-ui", "prometheus", "grafana", "kafka")) {
      assertThat(portsOf(tool))
          .as("published ports of %s", tool)
          .isNotEmpty()
          .allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
    }
  }

  /**
   * The services that call URLs a tenant chose may reach the simulator inside the network, and
   * nothing else there: an allow-list of one host, never every private address.
   */
  @Test
  void outboundCallsReachOnlyTheSimulatorInsideTheNetwork() throws IOException {
    for (String service : List.of("api-service", "channel-gateway")) {
      assertThat(environmentValuesOf(service))
          .as("environment of %s", service)
          .containsEntry("OUTBOUND_ALLOWED_HOSTS", "provider-simulator")
          .doesNotContainKey("OUTBOUND_ALLOW_PRIVATE_NETWORKS");
    }
  }

  @Test
  void kafkaUiOnlyBrowses() throws IOException {
    assertThat(environmentValuesOf("kafka-ui"))
        .containsEntry("KAFKA_CLUSTERS_0_READONLY", "true")
        .containsEntry("DYNAMIC_CONFIG_ENABLED", "false");
  }

  @Test
  void grafanaNeedsItsAdminPasswordAndNoAnonymousAccess() throws IOException {
    Map<String, String> grafana = environmentValuesOf("grafana");

    assertThat(grafana).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false");
    // ${NAME:?message}: compose refuses to start when it is unset or empty; no default password.
    assertThat(grafana.get("GF_SECURITY_ADMIN_PASSWORD")).startsWith("${GRAFANA_ADMIN_PASSWORD:?");
  }

  @Test
  void everyInterpolatedVariableIsDocumentedInEnvExample() throws IOException {
    Set<String> interpolated = new TreeSet<>();
    Matcher variables =
        COMPOSE_VARIABLE.matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
    while (variables.find()) {
      interpolated.add(variables.group(1));
    }
    Set<String> documented = new TreeSet<>();
    for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        documented.add(line.substring(0, line.indexOf('=')).trim());
      }
    }

    assertThat(documented).as(".env.example").isEqualTo(interpolated);
  }

  @Test
  void everyImageIsPinnedToAVersion() throws IOException {
    services()
        .forEach(
            (name, service) -> {
              if (service.containsKey("build")) {
                return;
              }
              String image = String.valueOf(service.get("image"));
              assertThat(image).as("image of %s", name).matches("[^:]+:[A-Za-z0-9._-]+");
              String tag = image.substring(image.indexOf(':') + 1);
              assertThat(tag).as("tag of %s", name).containsPattern("[0-9]").isNotEqualTo("latest");
            });
  }

  /** The full Compose validation, where docker-compose is installed (bin/check-compose in CI). */
  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    Process config;
    try {
      ProcessBuilder builder =
          new ProcessBuilder("docker-compose", "--env-file", ".env.example", "config", "-q")
              .directory(ROOT.toFile())
              .redirectErrorStream(true);
      // Required, with no default (see grafanaNeedsItsAdminPasswordAndNoAnonymousAccess).
      builder.environment().put("GRAFANA_ADMIN_PASSWORD", "compose-file-test");
      config = builder.start();
    } catch (IOException e) {
      abort("docker-compose is not installed");
      return;
    }
    String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(config.waitFor()).as("docker-compose config: %s", output).isZero();
  }

  private static Set<String> environmentOf(String serviceName) throws IOException {
    Map<String, Object> service = services().get(serviceName);
    assertThat(service).as("service %s in docker-compose.yml", serviceName).isNotNull();
    Object environment = service.get("environment");
    Set<String> names = new TreeSet<>();
    if (environment instanceof Map<?, ?> map) {
      map.keySet().forEach(key -> names.add(key.toString()));
    } else if (environment instanceof List<?> list) {
      list.forEach(entry -> names.add(entry.toString().split("=", 2)[0]));
    }
    return names;
  }

  private static Map<String, String> environmentValuesOf(String serviceName) throws IOException {
    Object environment = services().get(serviceName).get("environment");
    assertThat(environment).as("environment of %s", serviceName).isInstanceOf(Map.class);
    Map<String, String> values = new TreeMap<>();
    ((Map<?, ?>) environment)
        .forEach((key, value) -> values.put(key.toString(), String.valueOf(value)));
    return values;
  }

  private static List<String> portsOf(String serviceName) throws IOException {
    Object ports = services().get(serviceName).get("ports");
    return ports == null ? List.of() : ((List<?>) ports).stream().map(String::valueOf).toList();
  }

  private static List<String> healthCheckOf(String serviceName) throws IOException {
    Object healthcheck = services().get(serviceName).get("healthcheck");
    assertThat(healthcheck).as("health check of %s", serviceName).isInstanceOf(Map.class);
    return ((List<?>) ((Map<?, ?>) healthcheck).get("test")).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> services() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  /** The variables a service's configuration file reads, and those of the files it imports. */
  private static Set<String> variablesReadBy(String configFile) throws IOException {
    Set<String> names = new TreeSet<>(SPRING_BOOT_VARIABLES);
    String config = Files.readString(ROOT.resolve(configFile));
    if (config.contains("import: classpath:" + SHARED_CONFIG.getFileName())) {
      config += Files.readString(ROOT.resolve(SHARED_CONFIG));
    }
    Matcher placeholders = SPRING_PLACEHOLDER.matcher(config);
    while (placeholders.find()) {
      names.add(placeholders.group(1));
    }
    return names;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "No docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
