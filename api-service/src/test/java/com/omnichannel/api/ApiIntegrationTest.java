package com.omnichannel.api;

import com.omnichannel.testing.InfrastructureInitializer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The one way an integration test boots the whole api-service: against the shared test database and
 * broker ({@link InfrastructureInitializer}), with MockMvc. A test that needs settings of its own,
 * a real port or another way to reach the database says so here, and gets a context of its own; the
 * others share one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest
@TestPropertySource(
    properties = {
      "spring.config.name=" + ApiApplication.CONFIG_NAME,
      "omni.admin-token=test-admin-token"
    })
@AutoConfigureMockMvc
@ContextConfiguration
public @interface ApiIntegrationTest {

  /** Settings beyond the service's own. */
  @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
  String[] properties() default {};

  /** {@code RANDOM_PORT} for a test that speaks real HTTP. */
  @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
  WebEnvironment webEnvironment() default WebEnvironment.MOCK;

  /** How the test reaches its database and broker. */
  @AliasFor(annotation = ContextConfiguration.class, attribute = "initializers")
  Class<? extends ApplicationContextInitializer<? extends ConfigurableApplicationContext>>[]
      initializers() default InfrastructureInitializer.class;
}
