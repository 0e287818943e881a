package com.omnichannel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A service's configuration as its file alone gives it, for the tests that pin down what a
 * deployment that sets nothing gets: every setting's default lives in the file, once.
 */
public final class ServiceConfiguration {

  private ServiceConfiguration() {}

  /**
   * The service's configuration file ({@code configName.yml}) and the file it imports, with no
   * environment variable over them.
   */
  public static StandardEnvironment fileOnly(String configName) {
    var environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    load(configName + ".yml").forEach(source -> environment.getPropertySources().addLast(source));
    // The file it imports, whose values come before its own, as Spring Boot orders them.
    String imported = environment.getProperty("spring.config.import");
    if (imported != null) {
      if (!imported.startsWith("classpath:")) {
        throw new AssertionError(
            configName + ".yml imports " + imported + ", not a classpath file");
      }
      load(imported.substring("classpath:".length()))
          .forEach(source -> environment.getPropertySources().addFirst(source));
    }
    return environment;
  }

  /**
   * Checks every {@code @ConfigurationProperties} type in {@code packages}: it is a record named
   * {@code *Properties}, each of its settings (nested records' too) is given in the file, and the
   * file alone binds it with no value left null; and {@code knownRecords} are among them, so a scan
   * that finds nothing fails.
   *
   * @throws AssertionError naming the first record or setting that is not so
   */
  public static void assertEveryPropertiesRecordIsSetInTheFileAndBinds(
      String configName, List<String> packages, String... knownRecords) {
    StandardEnvironment environment = fileOnly(configName);
    List<Class<?>> records = propertiesRecords(packages);
    List<String> names = records.stream().map(Class::getSimpleName).toList();
    if (!names.containsAll(Arrays.asList(knownRecords))) {
      throw new AssertionError(
          "Expected " + Arrays.toString(knownRecords) + " among the records found: " + names);
    }
    for (Class<?> type : records) {
      if (!type.isRecord() || !type.getSimpleName().endsWith("Properties")) {
        throw new AssertionError(type.getName() + " is not a record named *Properties");
      }
      String prefix = type.getAnnotation(ConfigurationProperties.class).value();
      for (String setting : settings(prefix, type)) {
        if (!environment.containsProperty(setting)) {
          throw new AssertionError(
              type.getSimpleName() + "'s " + setting + " is not set in " + configName + ".yml");
        }
      }
      Object bound = Binder.get(environment).bindOrCreate(prefix, type);
      List<String> missing = nullComponents(bound);
      if (!missing.isEmpty()) {
        throw new AssertionError(
            type.getSimpleName() + " bound from the file leaves " + missing + " null");
      }
    }
  }

  private static List<PropertySource<?>> load(String file) {
    try {
      return new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Class<?>> propertiesRecords(List<String> packages) {
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
      Method accessor = component.getAccessor();
      ReflectionUtils.makeAccessible(accessor);
      Object value = ReflectionUtils.invokeMethod(accessor, record);
      if (value == null) {
        missing.add(component.getName());
      } else if (value.getClass().isRecord()) {
        nullComponents(value).forEach(name -> missing.add(component.getName() + "." + name));
      }
    }
    return missing;
  }

  private static String kebabCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
