package com.omnichannel.testing;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test's application context at the shared {@link TestInfrastructure}. Use it with
 * {@code @ContextConfiguration(initializers = InfrastructureInitializer.class)}.
 */
public class InfrastructureInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPropertyValues.of(TestInfrastructure.springProperties()).applyTo(context);
  }
}
