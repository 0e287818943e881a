package com.omnichannel.testing;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Like {@link InfrastructureInitializer}, but the application reaches the shared database through a
 * {@link TcpProxy} that a test can cut to simulate a database outage.
 *
 * @deprecated use {@code @ImportTestInfrastructure(proxiedDatabase = true)} and {@link
 *     TestInfrastructure#databaseProxy()}; kept until api-service's tests have moved to them
 */
@Deprecated
public class ProxiedDatabaseInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** The proxy between the application and the shared database, started on first use. */
  public static TcpProxy proxy() {
    return TestInfrastructure.databaseProxy();
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPropertyValues.of(TestInfrastructure.springProperties(true)).applyTo(context);
  }
}
