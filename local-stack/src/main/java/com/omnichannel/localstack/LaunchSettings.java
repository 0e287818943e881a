package com.omnichannel.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What bin/local-stack tells a launcher through the environment: the state folder, the ports, and
 * where to report that the service is ready.
 */
final class LaunchSettings {

  private LaunchSettings() {}

  /** The folder that keeps the stack's data across restarts ({@code LOCAL_STACK_DIR}). */
  static Path stateDir() {
    String dir = System.getenv("LOCAL_STACK_DIR");
    return Path.of(dir == null || dir.isBlank() ? ".local-stack" : dir).toAbsolutePath();
  }

  /**
   * The database's InnoDB buffer pool ({@code LOCAL_STACK_DB_BUFFER_POOL}, 1G by default): room for
   * the hot rows and indexes of a million stored messages, where MariaDB's own 128 MiB is not.
   */
  static String dbBufferPool() {
    String size = System.getenv("LOCAL_STACK_DB_BUFFER_POOL");
    if (size == null || size.isBlank()) {
      return DEFAULT_DB_BUFFER_POOL;
    }
    if (!size.trim().matches("[0-9]+[KkMmGg]?")) {
      throw new IllegalArgumentException(
          "LOCAL_STACK_DB_BUFFER_POOL is not a size such as 1G or 512M: " + size);
    }
    return size.trim();
  }

  static final String DEFAULT_DB_BUFFER_POOL = "1G";

  static int port(String variable, int defaultPort) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      return defaultPort;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " is not a port number: " + value, e);
    }
  }

  /**
   * Tells bin/local-stack the service is ready for clients. An open port is not enough: the
   * database still has to create its user, and the broker has to register itself.
   */
  static void reportReady() throws IOException {
    String file = System.getenv("LOCAL_STACK_READY_FILE");
    if (file != null && !file.isBlank()) {
      Path ready = Path.of(file);
      Files.createDirectories(ready.toAbsolutePath().getParent());
      Files.writeString(ready, ProcessHandle.current().pid() + System.lineSeparator());
    }
  }
}
