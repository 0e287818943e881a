package com.omnichannel.api.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The providers' documented payloads in {@code src/test/resources/providers} (see its README), with
 * their {@code ${placeholders}} filled, and values no other test or run uses.
 */
public final class ProviderPayloads {

  private ProviderPayloads() {}

  /** A JSON (or any text) payload with its placeholders filled; every one must be. */
  public static String text(String resource, Map<String, String> values) {
    String filled = read(resource);
    for (var value : values.entrySet()) {
      filled = filled.replace("${" + value.getKey() + "}", value.getValue());
    }
    assertThat(filled).as("placeholders left in " + resource).doesNotContain("${");
    return filled;
  }

  /**
   * A form's parameters, in the order of the resource, decoded, with the placeholders in their
   * values filled.
   */
  public static List<Map.Entry<String, String>> form(String resource, Map<String, String> values) {
    List<Map.Entry<String, String>> parameters = new ArrayList<>();
    for (String pair : read(resource).strip().split("&")) {
      int equals = pair.indexOf('=');
      String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      for (var filled : values.entrySet()) {
        value = value.replace("${" + filled.getKey() + "}", filled.getValue());
      }
      assertThat(value).as("placeholders left in " + resource).doesNotContain("${");
      parameters.add(
          new SimpleEntry<>(
              URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), value));
    }
    return parameters;
  }

  /** The parameters form-encoded, as Twilio posts them. */
  public static String encode(List<Map.Entry<String, String>> parameters) {
    return parameters.stream()
        .map(
            parameter ->
                URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The parameters as a map, as Twilio's own helpers take them. */
  public static Map<String, String> asMap(List<Map.Entry<String, String>> parameters) {
    Map<String, String> map = new LinkedHashMap<>();
    parameters.forEach(parameter -> map.put(parameter.getKey(), parameter.getValue()));
    return map;
  }

  /** A phone number no other test uses, in digits only, as WhatsApp's wa_id is written. */
  public static String newWaId() {
    return "1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
  }

  /** A provider message id no other test or run uses. */
  public static String newId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  private static String read(String resource) {
    try (InputStream in = ProviderPayloads.class.getResourceAsStream("/providers/" + resource)) {
      assertThat(in).as("test resource providers/" + resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
