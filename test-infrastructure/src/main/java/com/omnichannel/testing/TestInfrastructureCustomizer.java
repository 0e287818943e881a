package com.omnichannel.testing;

import java.util.List;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * What {@link ImportTestInfrastructure} does to a test's context. A record, so that tests with the
 * same settings share one cached context.
 */
record TestInfrastructureCustomizer(boolean proxiedDatabase) implements ContextCustomizer {

  @Override
  public void customizeContext(
      ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
    TestPropertyValues.of(TestInfrastructure.springProperties(proxiedDatabase)).applyTo(context);
  }

  /** Finds {@link ImportTestInfrastructure} on the test class, its enclosing classes or its own. */
  static final class Factory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
        Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
      ImportTestInfrastructure settings =
          TestContextAnnotationUtils.findMergedAnnotation(
              testClass, ImportTestInfrastructure.class);
      return settings == null ? null : new TestInfrastructureCustomizer(settings.proxiedDatabase());
    }
  }
}
