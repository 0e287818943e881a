package com.omnichannel.api;

import com.omnichannel.testing.ImportTestInfrastructure;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestPropertySource;

/**
 * The one way an integration test boots the whole api-service: against the shared test database and
 * broker ({@link ImportTestInfrastructure}), with MockMvc. A test that needs settings of its own, a
 * real port or another way to reach the database says so here, and gets a context of its own; the
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
@ImportTestInfrastructure
public @interface ApiIntegrationTest {

  /** Settings beyond the service's own. */
  @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
  String[] properties() default {};

  /** {@code RANDOM_PORT} for a test that speaks real HTTP. */
  @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
  WebEnvironment webEnvironment() default WebEnvironment.MOCK;

  /** Whether the database is reached through a proxy the test can cut, to simulate an outage. */
  @AliasFor(annotation = ImportTestInfrastructure.class, attribute = "proxiedDatabase")
  boolean proxiedDatabase() default false;
}
