package com.omnichannel.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The worker is stateless: it never touches a database. */
class WorkerArchitectureTest {

  static final JavaClasses WORKER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.omnichannel.worker");

  @Test
  void workerCodeNeverTouchesTheDatabase() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.springframework.data..")
        .check(WORKER);
  }
}
