package com.omnichannel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.modulecheck.ModuleCheckApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;

/**
 * Each feature package of the API is a Spring Modulith application module: no cycles, no use of
 * another module's internals (its sub-packages), and only the dependencies its {@code
 * package-info.java} allows.
 */
class ModulesTest {

  static final ApplicationModules MODULES = ApplicationModules.of(ApiApplication.class);

  @Test
  void featureModulesKeepToTheirDeclaredDependencies() {
    MODULES.verify();
  }

  @Test
  void everyFeaturePackageIsAModule() {
    assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
        .contains(
            "conversation",
            "delivery",
            "inbox",
            "reply",
            "outbox",
            "webhook",
            "provider",
            "stream",
            "company");
  }

  /** The verification is no formality: a module that uses another's internals fails it. */
  @Test
  void aModuleUsingAnothersInternalsFailsTheVerification() {
    // The probe lives among the test classes, which module imports leave out unless asked.
    ApplicationModules probe =
        ApplicationModules.of(ModuleCheckApplication.class.getPackageName(), location -> true);

    assertThatThrownBy(probe::verify)
        .isInstanceOf(Violations.class)
        .hasMessageContaining("billing")
        .hasMessageContaining("OrderLedger");
  }

  /** The module diagrams (PlantUML) go to target/spring-modulith-docs with every build. */
  @Test
  void documentsTheModules() throws Exception {
    new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();

    assertThat(Files.list(Path.of("target/spring-modulith-docs"))).isNotEmpty();
  }
}
