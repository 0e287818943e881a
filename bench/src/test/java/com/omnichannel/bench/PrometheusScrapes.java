package com.omnichannel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The scrapes bin/bench appends to one file per service: each a line {@code # scrape <epoch ms>}
 * followed by what the service's {@code /actuator/prometheus} answered (Prometheus text format
 * 0.0.4), of which only the sample lines matter here.
 */
final class PrometheusScrapes {

  static final String MARKER = "# scrape ";

  record Sample(String name, Map<String, String> labels, double value) {

    boolean has(String label, String expected) {
      return expected.equals(labels.get(label));
    }
  }

  record Scrape(long epochMillis, List<Sample> samples) {

    /** The sum of the samples of one name that pass the filter; NaN when there are none. */
    double sum(String name, Predicate<Sample> filter) {
      double sum = 0;
      boolean any = false;
      for (Sample s : samples) {
        if (s.name().equals(name) && filter.test(s)) {
          sum += s.value();
          any = true;
        }
      }
      return any ? sum : Double.NaN;
    }

    List<Sample> named(String name) {
      return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
  }

  private PrometheusScrapes() {}

  /** A file of scrapes, plain or gzipped; none when it does not exist. */
  static List<Scrape> read(Path file) throws IOException {
    Path gzipped = Path.of(file + ".gz");
    if (Files.exists(file)) {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    }
    if (Files.exists(gzipped)) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipped))) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return List.of();
  }

  static List<Scrape> parse(String text) {
    List<Scrape> scrapes = new ArrayList<>();
    long at = -1;
    List<Sample> samples = null;
    for (String line : text.split("\n")) {
      if (line.startsWith(MARKER)) {
        if (samples != null) {
          scrapes.add(new Scrape(at, List.copyOf(samples)));
        }
        at = Long.parseLong(line.substring(MARKER.length()).strip());
        samples = new ArrayList<>();
      } else if (samples != null && !line.isBlank() && !line.startsWith("#")) {
        Sample sample = sample(line);
        if (sample != null) {
          samples.add(sample);
        }
      }
    }
    if (samples != null) {
      scrapes.add(new Scrape(at, List.copyOf(samples)));
    }
    return scrapes;
  }

  /**
   * One sample line: {@code name{label="value",...} value [timestamp]}. Label values may hold
   * escaped quotes, backslashes and newlines, and commas or braces. Null for a line cut short (the
   * last one, when the sampler was stopped while writing).
   */
  static Sample sample(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (true) {
        while (i < n && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
          i++;
        }
        if (i >= n) {
          return null;
        }
        if (line.charAt(i) == '}') {
          i++;
          break;
        }
        int equals = line.indexOf('=', i);
        if (equals < 0 || equals + 1 >= n || line.charAt(equals + 1) != '"') {
          return null;
        }
        String label = line.substring(i, equals).strip();
        StringBuilder value = new StringBuilder();
        i = equals + 2;
        while (i < n && line.charAt(i) != '"') {
          char c = line.charAt(i);
          if (c == '\\' && i + 1 < n) {
            char escaped = line.charAt(++i);
            value.append(escaped == 'n' ? '\n' : escaped);
          } else {
            value.append(c);
          }
          i++;
        }
        if (i >= n) {
          return null;
        }
        i++;
        labels.put(label, value.toString());
      }
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    if (rest.length == 0 || rest[0].isEmpty()) {
      return null;
    }
    try {
      return new Sample(name, labels, number(rest[0]));
    } catch (NumberFormatException cutShort) {
      return null;
    }
  }

  static double number(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
