package com.omnichannel.api.plans;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statements {@link QueryPlansTest} checks are the ones the code runs: each source still holds
 * what was copied from it.
 */
class HotStatementSourcesTest {

  @Test
  void everyStatementIsTheOneItsSourceRuns() throws IOException {
    List<HotStatement> all = new ArrayList<>();
    all.addAll(List.of(IntakeStatement.values()));
    all.addAll(List.of(DeliveryStatement.values()));
    all.addAll(List.of(ListStatement.values()));
    Path sources = Path.of("src/main/java/com/omnichannel/api");
    for (HotStatement statement : all) {
      String source = oneSpace(Files.readString(sources.resolve(statement.source())));
      for (String literal : statement.literals()) {
        assertThat(source).as(statement.name()).contains(oneSpace(literal));
      }
    }
  }

  static String oneSpace(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
