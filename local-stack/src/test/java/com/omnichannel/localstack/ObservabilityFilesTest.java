package com.omnichannel.localstack;

import static com.omnichannel.localstack.ComposeFileTest.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the compose demo's Prometheus and Grafana files in line with the services: the dashboard
 * and the alert rules ask only for metrics the services expose, and Prometheus scrapes the ports
 * the services serve their metrics on.
 */
class ObservabilityFilesTest {

  /** Histograms, as Prometheus exposes them: each with its _bucket, _count and _sum series. */
  private static final Set<String> HISTOGRAMS =
      Set.of(
          "omni_webhook_latency_seconds",
          "omni_outbox_batch_size",
          "omni_outbox_publish_latency_seconds",
          "omni_ai_reply_latency_seconds",
          "omni_delivery_stored_to_sent_seconds",
          "omni_delivery_attempt_seconds",
          "omni_worker_model_latency_seconds",
          "http_server_requests_seconds");

  private static final Set<String> COUNTERS_AND_GAUGES =
      Set.of(
          "omni_outbox_pending",
          "omni_outbox_oldest_age_seconds",
          "omni_outbox_published_total",
          "omni_outbox_failed_rounds_total",
          "omni_outbox_parked_total",
          "omni_ai_replies_total",
          "omni_delivery_reports_total",
          "omni_streams_open",
          "omni_http_refused_overload_total",
          "omni_http_in_flight",
          "omni_kafka_consumer_lag",
          "omni_deliveries_total",
          "omni_deliveries_in_flight",
          "omni_worker_replies_total",
          "omni_worker_handoffs_total",
          "omni_worker_model_failures_total",
          "omni_worker_fallback_replies_total",
          "jvm_memory_used_bytes",
          "process_cpu_usage",
          "up");

  /** What in a PromQL expression is not a metric name: strings, label sets, ranges, groupings. */
  private static final Pattern NOT_A_METRIC =
      Pattern.compile(
          "\"[^\"]*\"|\\{[^}]*}|\\[[^]]*]|\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

  /** A name that is not a function's: what is left of an expression's identifiers. */
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.$])([A-Za-z_:][A-Za-z0-9_:]*+)(?!\\s*\\()");

  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

  private static final String DASHBOARD = "observability/grafana/dashboards/omnichannel.json";

  @Test
  void everyDashboardPanelReadsThePrometheusDatasource() throws IOException {
    JsonNode dashboard = JsonMapper.shared().readTree(Files.readString(ROOT.resolve(DASHBOARD)));

    assertThat(dashboard.get("title").asString()).isEqualTo("Omnichannel");
    List<JsonNode> panels = graphPanels(dashboard);
    assertThat(panels).isNotEmpty();
    for (JsonNode panel : panels) {
      String title = panel.get("title").asString();
      assertThat(panel.at("/datasource/uid").asString())
          .as("datasource of %s", title)
          .isEqualTo("prometheus");
      assertThat(panel.get("targets")).as("queries of %s", title).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        assertThat(target.at("/datasource/uid").asString())
            .as("datasource of %s", title)
            .isEqualTo("prometheus");
      }
    }
  }

  @Test
  void theDashboardAsksOnlyForMetricsTheServicesExpose() throws IOException {
    JsonNode dashboard = JsonMapper.shared().readTree(Files.readString(ROOT.resolve(DASHBOARD)));
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : graphPanels(dashboard)) {
      panel.get("targets").forEach(target -> expressions.add(target.get("expr").asString()));
    }

    assertThat(metricsIn(expressions)).isNotEmpty().allMatch(ObservabilityFilesTest::isExposed);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAlertRulesAskOnlyForMetricsTheServicesExpose() throws IOException {
    Map<String, Object> rules =
        new Yaml().load(Files.readString(ROOT.resolve("observability/prometheus/alerts.yml")));
    List<String> expressions =
        ((List<Map<String, Object>>) rules.get("groups"))
            .stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .map(rule -> String.valueOf(rule.get("expr")))
                .toList();

    assertThat(metricsIn(expressions)).isNotEmpty().allMatch(ObservabilityFilesTest::isExposed);
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryServiceWhereItServesItsMetrics() throws IOException {
    Map<String, Object> config =
        new Yaml().load(Files.readString(ROOT.resolve("observability/prometheus/prometheus.yml")));
    Set<String> targets = new TreeSet<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
      assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
      for (Map<String, Object> staticConfig :
          (List<Map<String, Object>>) job.get("static_configs")) {
        targets.addAll((List<String>) staticConfig.get("targets"));
      }
    }

    Map<String, Map<String, Object>> services = ComposeFileTest.services();
    assertThat(targets)
        .containsExactlyInAnyOrder(
            "api-service:9000",
            "ai-reply-worker:8001",
            "channel-gateway:8002",
            "provider-simulator:8003")
        .allMatch(target -> services.containsKey(target.split(":")[0]));
    assertThat((Map<String, Object>) services.get("api-service").get("environment"))
        .as("api-service's actuator port")
        .containsEntry("MANAGEMENT_SERVER_PORT", "9000");
  }

  private static List<JsonNode> graphPanels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      if (!"row".equals(panel.get("type").asString())) {
        panels.add(panel);
      }
    }
    return panels;
  }

  private static Set<String> metricsIn(List<String> expressions) {
    Set<String> metrics = new TreeSet<>();
    for (String expression : expressions) {
      Matcher names = IDENTIFIER.matcher(NOT_A_METRIC.matcher(expression).replaceAll(" "));
      while (names.find()) {
        if (!KEYWORDS.contains(names.group(1))) {
          metrics.add(names.group(1));
        }
      }
    }
    return metrics;
  }

  private static boolean isExposed(String metric) {
    return COUNTERS_AND_GAUGES.contains(metric)
        || Stream.of("_bucket", "_count", "_sum")
            .anyMatch(
                suffix ->
                    metric.endsWith(suffix)
                        && HISTOGRAMS.contains(
                            metric.substring(0, metric.length() - suffix.length())));
  }
}
