package com.omnichannel.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The AsyncAPI document ({@code asyncapi.yaml}) describes the records as they are: every event's
 * JSON properties, nested records too, and every topic with its dead-letter topic.
 */
class AsyncApiDocumentTest {

  static Map<String, Object> document;

  @BeforeAll
  static void readTheDocument() throws IOException {
    try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
      assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
  }

  @Test
  void isAnAsyncApi3DocumentOfThisVersion() {
    assertThat(document).containsEntry("asyncapi", "3.0.0");
    assertThat(map(document, "info")).containsEntry("version", "0.1.0");
  }

  @Test
  void everyEventRecordIsFound() throws Exception {
    assertThat(eventRecords())
        .contains(
            MessageReceived.class,
            AiReplyGenerated.class,
            HandoffRequested.class,
            OutboundMessageRequested.class,
            DeliveryAttempted.class,
            ConversationChanged.class);
  }

  @Test
  void everyEventsPayloadSchemaHasExactlyItsJsonProperties() throws Exception {
    for (Class<?> event : eventRecords()) {
      assertSameProperties(event, schemaNamed(event.getSimpleName()), event.getSimpleName());
    }
  }

  @Test
  void everyEventHasAMessageWhosePayloadIsItsSchemaWithItsTypeAndVersion() throws Exception {
    Map<String, Object> messages = messages();
    for (Class<?> event : eventRecords()) {
      String type = (String) event.getField("TYPE").get(null);
      int version = event.getField("SCHEMA_VERSION").getInt(null);
      Map<String, Object> message = map(messages, event.getSimpleName());

      assertThat(map(message, "payload"))
          .as(event.getSimpleName() + " payload")
          .containsEntry("$ref", "#/components/schemas/" + event.getSimpleName());
      Map<String, Object> properties = map(schemaNamed(event.getSimpleName()), "properties");
      assertThat(map(properties, "event_type")).containsEntry("const", type);
      assertThat(allowedValues(map(properties, "schema_version"))).contains(version);
      assertThat(map(map(map(message, "headers"), "properties"), "event_type"))
          .as(event.getSimpleName() + " event_type header")
          .containsEntry("const", type);
    }
  }

  @Test
  void examplesUseOnlyTheirSchemasPropertiesAndAllRequiredOnes() {
    Map<String, Object> messages = messages();
    messages.forEach(
        (name, value) -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> message = (Map<String, Object>) value;
          Map<String, Object> schema = resolve(map(message, "payload"));
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> examples =
              (List<Map<String, Object>>) message.getOrDefault("examples", List.of());
          for (Map<String, Object> example : examples) {
            Map<String, Object> payload = map(example, "payload");
            assertThat(map(schema, "properties").keySet())
                .as(name + " example " + example.get("name"))
                .containsAll(payload.keySet());
            assertThat(payload.keySet())
                .as(name + " example " + example.get("name"))
                .containsAll(required(schema));
          }
        });
  }

  @Test
  void everyRecordComponentNamesItsJsonPropertyExplicitly() throws Exception {
    // The services' JSON mappers differ (the API's is snake_case by default, the others' are
    // not), so a component without @JsonProperty would be written under two names.
    for (Class<?> event : eventRecords()) {
      for (Class<?> type : withNestedRecords(event)) {
        for (RecordComponent component : type.getRecordComponents()) {
          assertThat(component.getAccessor().getAnnotation(JsonProperty.class))
              .as(type.getSimpleName() + "." + component.getName())
              .isNotNull();
        }
      }
    }
  }

  @Test
  void everyTopicAndItsDeadLetterTopicHasAChannelAndNoChannelNamesAnUnknownTopic()
      throws IllegalAccessException {
    Set<String> topics = new TreeSet<>();
    for (Field field : Topics.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && !field.getName().equals("DEAD_LETTER_SUFFIX")) {
        topics.add((String) field.get(null));
      }
    }
    assertThat(topics).containsAll(Topics.DEAD_LETTERED);
    Topics.DEAD_LETTERED.forEach(topic -> topics.add(Topics.deadLetterOf(topic)));

    Set<String> addresses =
        map(document, "channels").values().stream()
            .map(channel -> (String) ((Map<?, ?>) channel).get("address"))
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(addresses).isEqualTo(topics);
  }

  @Test
  void everyTopicCarriesTheEventsItsProducersSendAndItsDeadLetterTopicTheirDeadLetters() {
    Map<String, Set<String>> expected =
        Map.of(
            Topics.MESSAGE_RECEIVED, Set.of("MessageReceived"),
            Topics.AI_REPLY, Set.of("AiReplyGenerated", "HandoffRequested"),
            Topics.OUTBOUND_MESSAGE, Set.of("OutboundMessageRequested"),
            Topics.DELIVERY_STATUS, Set.of("DeliveryAttempted"),
            Topics.CONVERSATION_EVENTS, Set.of("ConversationChanged"));
    Map<String, Set<String>> carried = new TreeMap<>();
    map(document, "channels")
        .values()
        .forEach(
            value -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> channel = (Map<String, Object>) value;
              carried.put(
                  (String) channel.get("address"),
                  map(channel, "messages").values().stream()
                      .map(ref -> ((String) ((Map<?, ?>) ref).get("$ref")))
                      .map(ref -> ref.substring(ref.lastIndexOf('/') + 1))
                      .collect(Collectors.toCollection(TreeSet::new)));
            });

    expected.forEach(
        (topic, events) -> {
          assertThat(carried.get(topic)).as(topic).isEqualTo(new TreeSet<>(events));
          if (Topics.DEAD_LETTERED.contains(topic)) {
            assertThat(carried.get(Topics.deadLetterOf(topic)))
                .as(Topics.deadLetterOf(topic))
                .isEqualTo(
                    events.stream()
                        .map(event -> event + "DeadLetter")
                        .collect(Collectors.toCollection(TreeSet::new)));
          }
        });
  }

  @Test
  void theEventsTopicIsKeyedByTheCompanyAndTheOthersByTheConversation() {
    Map<String, Object> messages = messages();
    messages.forEach(
        (name, message) -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> key =
              resolve(map(map(map((Map<String, Object>) message, "bindings"), "kafka"), "key"));
          assertThat((String) key.get("description"))
              .as(name + " key")
              .startsWith(
                  name.equals("ConversationChanged") ? "The company id" : "The conversation id");
        });
  }

  static Map<String, Object> messages() {
    return map(map(document, "components"), "messages");
  }

  /**
   * The properties of {@code schema} are the JSON names of {@code type}'s components, nested too.
   */
  static void assertSameProperties(Class<?> type, Map<String, Object> schema, String path) {
    Map<String, Object> properties = map(schema, "properties");
    Map<String, RecordComponent> byJsonName =
        Arrays.stream(type.getRecordComponents())
            .collect(Collectors.toMap(AsyncApiDocumentTest::jsonName, component -> component));

    assertThat(properties.keySet())
        .as(path + ": the properties in asyncapi.yaml, against the record's JSON names")
        .isEqualTo(byJsonName.keySet());
    assertThat(required(schema)).as(path + " required").isSubsetOf(byJsonName.keySet());

    byJsonName.forEach(
        (name, component) -> {
          Class<?> nested = nestedRecord(component);
          if (nested != null) {
            Map<String, Object> property = resolve(map(properties, name));
            Map<String, Object> nestedSchema =
                "array".equals(property.get("type")) ? resolve(map(property, "items")) : property;
            assertSameProperties(nested, nestedSchema, path + "." + name);
          }
        });
  }

  static String jsonName(RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    return property == null || property.value().isEmpty() ? component.getName() : property.value();
  }

  /** The record a component holds, directly or as the elements of a collection; or null. */
  static Class<?> nestedRecord(RecordComponent component) {
    if (component.getType().isRecord()) {
      return component.getType();
    }
    Type generic = component.getGenericType();
    if (generic instanceof ParameterizedType parameterized
        && Iterable.class.isAssignableFrom(component.getType())
        && parameterized.getActualTypeArguments()[0] instanceof Class<?> element
        && element.isRecord()) {
      return element;
    }
    return null;
  }

  static List<Class<?>> withNestedRecords(Class<?> type) {
    List<Class<?>> all = new ArrayList<>(List.of(type));
    for (RecordComponent component : type.getRecordComponents()) {
      Class<?> nested = nestedRecord(component);
      if (nested != null) {
        all.addAll(withNestedRecords(nested));
      }
    }
    return all;
  }

  /** The records of this package that are events: those with an event {@code TYPE}. */
  static List<Class<?>> eventRecords() throws IOException, URISyntaxException {
    Path directory =
        Path.of(MessageReceived.class.getResource("MessageReceived.class").toURI()).getParent();
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".class") && !name.contains("$"))
          .<Class<?>>map(name -> load(name.substring(0, name.length() - ".class".length())))
          .filter(type -> type.isRecord() && hasConstant(type, "TYPE"))
          .sorted((a, b) -> a.getName().compareTo(b.getName()))
          .toList();
    }
  }

  static Class<?> load(String simpleName) {
    try {
      return Class.forName(Topics.class.getPackageName() + "." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean hasConstant(Class<?> type, String name) {
    return Arrays.stream(type.getDeclaredFields())
        .anyMatch(field -> field.getName().equals(name) && Modifier.isStatic(field.getModifiers()));
  }

  static Map<String, Object> schemaNamed(String name) {
    return map(map(map(document, "components"), "schemas"), name);
  }

  /** Follows a local {@code $ref} ({@code #/a/b/c}) to what it points to. */
  static Map<String, Object> resolve(Map<String, Object> node) {
    Object ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    Map<String, Object> target = document;
    for (String step : ((String) ref).substring(2).split("/")) {
      target = map(target, step);
    }
    return resolve(target);
  }

  static List<Object> allowedValues(Map<String, Object> schema) {
    return schema.containsKey("const")
        ? List.of(schema.get("const"))
        : List.copyOf(list(schema.get("enum")));
  }

  @SuppressWarnings("unchecked")
  static List<String> required(Map<String, Object> schema) {
    return (List<String>) list(schema.get("required"));
  }

  static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> node, String key) {
    Object value = node.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
