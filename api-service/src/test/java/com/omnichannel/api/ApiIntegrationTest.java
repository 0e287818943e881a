package com.omnichannel.api;

import com.omnichannel.testing.InfrastructureInitializer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

/** The whole api-service against the shared test database and broker, with MockMvc. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    properties = {
      "spring.config.name=" + ApiApplication.CONFIG_NAME,
      "omni.admin-token=test-admin-token"
    })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = InfrastructureInitializer.class)
public @interface ApiIntegrationTest {}
