package com.omnichannel.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of STYLE.md that a machine can check and the module verification ({@link ModulesTest})
 * does not say.
 */
class ArchitectureTest {

  static final JavaClasses API =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.omnichannel.api");

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
    com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(
        API);
  }

  /** One door for conversation writes: the conversation feature's repositories stay inside it. */
  @Test
  void conversationRepositoriesArePackagePrivate() {
    classes()
        .that()
        .resideInAPackage("com.omnichannel.api.conversation")
        .and()
        .haveSimpleNameEndingWith("Repository")
        .should()
        .notBePublic()
        .check(API);
  }

  /**
   * No other feature writes the conversation tables with SQL of its own; every write goes through
   * {@code Conversations}, which owns the lock order, {@code updated_at} and the events.
   */
  @Test
  void onlyTheConversationFeatureWritesConversationsMessagesAndContacts() throws IOException {
    Pattern write =
        Pattern.compile(
            "(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|REPLACE\\s+INTO)\\s+(conversations|messages|contacts)\\b",
            Pattern.CASE_INSENSITIVE);
    Path sources = Path.of("src/main/java/com/omnichannel/api");
    Path conversation = sources.resolve("conversation");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(sources)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.startsWith(conversation))
              .filter(file -> write.matcher(read(file)).find())
              .map(Path::toString)
              .toList();
    }
    assertThat(Files.isDirectory(conversation)).isTrue();
    assertThat(offenders).isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
