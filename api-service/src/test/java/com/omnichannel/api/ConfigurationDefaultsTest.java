package com.omnichannel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/** What a deployment gets when it sets nothing: secure defaults, each given in the file. */
class ConfigurationDefaultsTest {

  static final String CONFIG_NAME = ApiApplication.CONFIG_NAME;
  static final String[] PACKAGES = {"com.omnichannel.api", "com.omnichannel.kafka"};
  static final String[] KNOWN_RECORDS = {
    "AdminProperties",
    "HttpProperties",
    "RateLimitProperties",
    "StreamProperties",
    "TopicProperties",
    "OmniKafkaProperties"
  };

  @Test
  void aDeploymentThatSetsNothingLoadsNoDemoDataAndShowsNoHealthDetails() {
    Environment environment = fileOnly();
    assertThat(environment.getProperty("spring.config.import")).startsWith("classpath:");

    assertThat(environment.getProperty("spring.liquibase.contexts"))
        .isNotBlank()
        .doesNotContain("demo");
    assertThat(environment.getProperty("management.endpoint.health.show-details"))
        .isEqualTo("when-authorized");
    assertThat(environment.getProperty("logging.level.liquibase.database")).isEqualTo("WARN");
    assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
        .doesNotContain("*", "env", "heapdump");
  }

  /**
   * Every {@code @ConfigurationProperties} record of the service, its own and kafka-support's: each
   * setting it has is given in the file (so the file is the one place of its default), and the file
   * alone binds it.
   */
  @Test
  void everyPropertiesRecordHasEachOfItsSettingsInTheFileAndBindsFromIt() {
    Environment environment = fileOnly();
    List<Class<?>> records = propertiesRecords(PACKAGES);

    assertThat(records).extracting(Class::getSimpleName).contains(KNOWN_RECORDS);
    for (Class<?> type : records) {
      assertThat(type.getSimpleName()).endsWith("Properties");
      assertThat(type.isRecord()).as(type.getName()).isTrue();
      String prefix = type.getAnnotation(ConfigurationProperties.class).value();
      for (String setting : settings(prefix, type)) {
        assertThat(environment.containsProperty(setting))
            .as("%s's %s is set in %s.yml", type.getSimpleName(), setting, CONFIG_NAME)
            .isTrue();
      }
      Object bound = Binder.get(environment).bindOrCreate(prefix, type);
      assertThat(nullComponents(bound))
          .as("%s bound from the file", type.getSimpleName())
          .isEmpty();
    }
  }

  /** The service's configuration file and the file it imports, no environment variable. */
  private static StandardEnvironment fileOnly() {
    var environment = new StandardEnvironment();
    // Only the configuration file: no environment variable overrides it here.
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    load(CONFIG_NAME + ".yml").forEach(source -> environment.getPropertySources().addLast(source));
    // The file it imports, whose values come before its own, as Spring Boot orders them.
    String imported = environment.getProperty("spring.config.import");
    if (imported != null) {
      assertThat(imported).startsWith("classpath:");
      load(imported.substring("classpath:".length()))
          .forEach(source -> environment.getPropertySources().addFirst(source));
    }
    return environment;
  }

  private static List<PropertySource<?>> load(String file) {
    try {
      return new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Class<?>> propertiesRecords(String... packages) {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    List<Class<?>> records = new ArrayList<>();
    for (String packageName : packages) {
      for (BeanDefinition candidate : scanner.findCandidateComponents(packageName)) {
        records.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), null));
      }
    }
    return records;
  }

  /** The full names of a record's settings, those of its nested records included. */
  private static List<String> settings(String prefix, Class<?> type) {
    List<String> names = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + "." + kebabCase(component.getName());
      if (component.getType().isRecord()) {
        names.addAll(settings(name, component.getType()));
      } else {
        names.add(name);
      }
    }
    return names;
  }

  private static List<String> nullComponents(Object record) {
    List<String> missing = new ArrayList<>();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      Object value = ReflectionUtils.invokeMethod(makeAccessible(component.getAccessor()), record);
      if (value == null) {
        missing.add(component.getName());
      } else if (value.getClass().isRecord()) {
        nullComponents(value).forEach(name -> missing.add(component.getName() + "." + name));
      }
    }
    return missing;
  }

  private static Method makeAccessible(Method accessor) {
    ReflectionUtils.makeAccessible(accessor);
    return accessor;
  }

  private static String kebabCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
