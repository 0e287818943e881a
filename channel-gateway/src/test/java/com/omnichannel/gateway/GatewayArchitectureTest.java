package com.omnichannel.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway is stateless: the API owns delivery state, and the gateway never touches a database.
 */
class GatewayArchitectureTest {

  static final JavaClasses GATEWAY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.omnichannel.gateway");

  @Test
  void gatewayCodeNeverTouchesTheDatabase() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.springframework.data..")
        .check(GATEWAY);
  }
}
