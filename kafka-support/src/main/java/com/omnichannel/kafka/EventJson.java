package com.omnichannel.kafka;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes event values: snake_case JSON, UTF-8. */
public class EventJson {

  private final JsonMapper mapper;

  public EventJson(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public String write(Object event) {
    return mapper.writeValueAsString(event);
  }

  /**
   * Parses a record value.
   *
   * @throws UnreadableEventException when the value is not JSON of that event type
   */
  public <T> T read(byte[] value, Class<T> type) {
    if (value == null) {
      throw new UnreadableEventException("Record has no value");
    }
    try {
      return mapper.readValue(value, type);
    } catch (JacksonException e) {
      throw new UnreadableEventException(
          "Value is not a " + type.getSimpleName() + ": " + preview(value), e);
    }
  }

  private static String preview(byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8);
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
