package com.omnichannel.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metrics the compose demo's Grafana dashboard and Prometheus alert rules ask for, read from
 * their files, so a test can check them against what the services really serve.
 */
final class DemoQueries {

  /** What in a PromQL expression is not a metric name: strings, label sets, ranges, groupings. */
  private static final Pattern NOT_A_METRIC =
      Pattern.compile(
          "\"[^\"]*\"|\\{[^}]*}|\\[[^]]*]|\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

  /** A name that is not a function's: what is left of an expression's identifiers. */
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.$])([A-Za-z_:][A-Za-z0-9_:]*+)(?!\\s*\\()");

  /** PromQL's keywords, and {@code up}, which Prometheus records itself. */
  private static final Set<String> NOT_SERVED =
      Set.of("and", "or", "unless", "bool", "offset", "up");

  private DemoQueries() {}

  /** Every metric the dashboard's panels and the alert rules name. */
  static Set<String> metrics() {
    List<String> expressions = new ArrayList<>(dashboardExpressions());
    expressions.addAll(alertExpressions());
    Set<String> metrics = new TreeSet<>();
    for (String expression : expressions) {
      Matcher names = IDENTIFIER.matcher(NOT_A_METRIC.matcher(expression).replaceAll(" "));
      while (names.find()) {
        if (!NOT_SERVED.contains(names.group(1))) {
          metrics.add(names.group(1));
        }
      }
    }
    return metrics;
  }

  private static List<String> dashboardExpressions() {
    JsonNode dashboard =
        JsonMapper.shared().readTree(read("observability/grafana/dashboards/omnichannel.json"));
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      panel.path("targets").forEach(target -> expressions.add(target.get("expr").asString()));
    }
    return expressions;
  }

  @SuppressWarnings("unchecked")
  private static List<String> alertExpressions() {
    Map<String, Object> rules = new Yaml().load(read("observability/prometheus/alerts.yml"));
    return ((List<Map<String, Object>>) rules.get("groups"))
        .stream()
            .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
            .map(rule -> String.valueOf(rule.get("expr")))
            .toList();
  }

  private static String read(String file) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(file))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("No " + file + " above " + Path.of("").toAbsolutePath());
    }
    try {
      return Files.readString(dir.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
