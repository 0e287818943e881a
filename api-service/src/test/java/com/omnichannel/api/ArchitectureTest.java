package com.omnichannel.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules of STYLE.md that a machine can check. */
class ArchitectureTest {

  static final JavaClasses API =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.omnichannel.api");

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("com.omnichannel.api.(*)..").should().beFreeOfCycles().check(API);
  }

  @Test
  void onlyTheOutboxTalksToKafkaOnTheWayOut() {
    noClasses()
        .that()
        .resideOutsideOfPackages("com.omnichannel.api.outbox..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.springframework.kafka.core.KafkaTemplate")
        .check(API);
  }

  @Test
  void controllersDoNotTouchTheDatabase() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
        .check(API);
  }

  @Test
  void noFieldInjection() {
    noClasses().should().dependOnClassesThat().haveFullyQualifiedName("lombok.Data").check(API);
    com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(
        API);
  }
}
