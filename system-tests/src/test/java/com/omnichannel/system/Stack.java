package com.omnichannel.system;

import com.omnichannel.api.ApiApplication;
import com.omnichannel.testing.TestInfrastructure;
import com.omnichannel.worker.WorkerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Both services, each in its own application context with its own configuration file, against the
 * shared database and broker: the same topology as production, in one JVM. Started once and shared
 * by every system test.
 */
final class Stack {

  /** Long enough that a transfer right after a webhook always beats the AI's reply. */
  static final int AI_REPLY_DELAY_MS = 300;

  /** Short, so that a test sees an unanswered delivery requested again within seconds. */
  static final Duration DELIVERY_LEASE = Duration.ofSeconds(5);

  /**
   * What the services share this classpath with but only the API has: the database and Spring
   * Security (which would lock the others' actuators).
   */
  static final String NOT_IN_A_KAFKA_SERVICE =
      String.join(
          ",",
          "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
          "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.actuate.web.servlet"
              + ".ManagementWebSecurityAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.web.servlet"
              + ".ServletWebSecurityAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.web.servlet"
              + ".SecurityFilterAutoConfiguration");

  /** Where every service of the system tests exports its spans. */
  static final OtlpReceiver TRACES = new OtlpReceiver();

  private static Stack instance;

  final ConfigurableApplicationContext api;
  final ConfigurableApplicationContext worker;
  final ApiClient client;
  final JdbcClient db;

  private Stack() {
    api =
        ApiApplication.application()
            .run(
                args(
                    Map.of(
                        "server.port", "0",
                        // Metrics and health on a port of their own, as in the compose file.
                        "management.server.port", "0",
                        "omni.kafka.lag-interval", "1s",
                        // The stub provider runs on 127.0.0.1.
                        "omni.outbound.allow-private-networks", "true",
                        "omni.outbound.retry-initial-interval", "300ms",
                        "omni.outbound.lease", DELIVERY_LEASE.toSeconds() + "s")));
    worker = startWorker(Map.of("omni.ai.reply-delay", AI_REPLY_DELAY_MS + "ms"));
    int port = ((WebServerApplicationContext) api).getWebServer().getPort();
    client = new ApiClient("http://127.0.0.1:" + port);
    db = api.getBean(JdbcClient.class);
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "system-stack-stop"));
  }

  /** A worker with the given settings, in the consumer group of the stack's own. */
  static ConfigurableApplicationContext startWorker(Map<String, String> settings) {
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put("server.port", "0");
    all.put("omni.kafka.lag-interval", "1s");
    all.put("spring.autoconfigure.exclude", NOT_IN_A_KAFKA_SERVICE);
    return WorkerApplication.application().run(args(all));
  }

  static synchronized Stack get() {
    if (instance == null) {
      instance = new Stack();
    }
    return instance;
  }

  TestInfrastructure.Infrastructure infrastructure() {
    return TestInfrastructure.get();
  }

  double apiCounter(String name, String... tags) {
    var counter = api.getBean(MeterRegistry.class).find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  URI apiUri(String path) {
    return URI.create(
        "http://127.0.0.1:" + ((WebServerApplicationContext) api).getWebServer().getPort() + path);
  }

  /** The API's actuator, on its management port. */
  URI managementUri(String path) {
    return URI.create(
        "http://127.0.0.1:" + api.getEnvironment().getProperty("local.management.port") + path);
  }

  /** The HTTP status of a GET. */
  static int status(URI uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  URI workerUri(String path) {
    return URI.create(
        "http://127.0.0.1:"
            + ((WebServerApplicationContext) worker).getWebServer().getPort()
            + path);
  }

  double workerCounter(String name, String... tags) {
    var counter = worker.getBean(MeterRegistry.class).find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static String[] args(Map<String, String> extra) {
    List<String> args = new ArrayList<>(List.of(TestInfrastructure.arguments()));
    args.add("--management.opentelemetry.tracing.export.otlp.endpoint=" + TRACES.tracesEndpoint());
    args.add("--management.opentelemetry.tracing.export.schedule-delay=200ms");
    extra.forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--logging.level.com.omnichannel=INFO");
    return args.toArray(String[]::new);
  }

  private void close() {
    worker.close();
    api.close();
  }
}
