package com.omnichannel.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * The one way an integration test gets its database and broker: the test's application context
 * points at the shared {@link TestInfrastructure} (database, broker, the demo data). Put it beside
 * {@code @SpringBootTest} or a slice such as {@code @DataJdbcTest}, or on a test annotation of your
 * own.
 *
 * <p>An application a test starts itself (a {@code SpringApplicationBuilder}, a process) takes
 * {@link TestInfrastructure#arguments()} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(TestInfrastructureCustomizer.Factory.class)
public @interface ImportTestInfrastructure {

  /**
   * Whether the application reaches the database through {@link
   * TestInfrastructure#databaseProxy()}, which a test can cut to simulate a database outage (and
   * must restore).
   */
  boolean proxiedDatabase() default false;
}
