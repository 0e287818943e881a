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
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the compose demo's Prometheus and Grafana files in line with the services and the
 * operations guide: the dashboard reads Prometheus, Prometheus scrapes the ports the services serve
 * their metrics on, and the Metrics section of {@code docs/operations.md} names every alert rule.
 * That the dashboard and the rules ask only for series the services serve is checked against the
 * running services, in {@code OutboundDeliveryIT}.
 */
class ObservabilityFilesTest {

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
  @SuppressWarnings("unchecked")
  void theOperationsGuideNamesEveryAlertRuleAndNoOther() throws IOException {
    Map<String, Object> rules = yaml("observability/prometheus/alerts.yml");
    Set<String> alerts = new TreeSet<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        alerts.add((String) rule.get("alert"));
      }
    }
    String guide = Files.readString(ROOT.resolve("docs/operations.md"));
    String operating =
        guide.substring(guide.indexOf("\n## Metrics\n"), guide.indexOf("\n## Traces\n"));
    Set<String> named = new TreeSet<>();
    Matcher names = Pattern.compile("`([A-Z][A-Za-z]+)`").matcher(operating);
    while (names.find()) {
      named.add(names.group(1));
    }

    assertThat(alerts).hasSizeGreaterThan(10);
    assertThat(named).isEqualTo(alerts);
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryServiceWhereItServesItsMetrics() throws IOException {
    Map<String, Object> config = yaml("observability/prometheus/prometheus.yml");
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

  private static Map<String, Object> yaml(String file) throws IOException {
    return new Yaml().load(Files.readString(ROOT.resolve(file)));
  }
}
