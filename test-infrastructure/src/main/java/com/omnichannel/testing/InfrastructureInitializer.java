package com.omnichannel.testing;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test's application context at the shared {@link TestInfrastructure}.
 *
 * @deprecated use {@link ImportTestInfrastructure} on the test (or {@link
 *     TestInfrastructure#arguments()} for an application the test starts itself); kept until
 *     api-service's tests have moved to it
 */
@Deprecated
public class InfrastructureInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPropertyValues.of(TestInfrastructure.springProperties()).applyTo(context);
  }
}
