package com.omnichannel.api.outbox.relay;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The relay's leadership: the database named lock {@value #LOCK_NAME}, held by a session of its
 * own, through which the leader also reads and marks rows. If the session dies, the lock goes with
 * it. Used by the relay's thread only.
 */
final class RelayLeadership {

  static final String LOCK_NAME = "omni.outbox-relay";
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final DataSource dataSource;
  private volatile boolean held;
  private Connection session;
  private JdbcClient jdbc;

  RelayLeadership(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Whether this instance holds the lock. */
  boolean held() {
    return held;
  }

  /** The lock's session, to read and mark rows through; only while the lock is held. */
  JdbcClient session() {
    return jdbc;
  }

  /** Takes the lock if no other session holds it; returns whether this instance now leads. */
  boolean acquire() throws SQLException {
    Connection candidate = dataSource.getConnection();
    try {
      candidate.setAutoCommit(true);
      JdbcClient client = JdbcClient.create(new SingleConnectionDataSource(candidate, true));
      Integer got =
          client.sql("SELECT GET_LOCK(?, 0)").param(LOCK_NAME).query(Integer.class).single();
      if (got != null && got == 1) {
        session = candidate;
        jdbc = client;
        held = true;
        log.info("This instance now relays the outbox");
        return true;
      }
    } catch (RuntimeException | SQLException e) {
      candidate.close();
      throw e;
    }
    candidate.close();
    return false;
  }

  /**
   * Gives the lock up for real. The session is a pooled connection: closing it only returns it to
   * the pool, where the lock would stay with it and keep every instance from relaying until the
   * connection retired. So the lock is released explicitly, and the connection is evicted from the
   * pool (closed), in case the session outlived a failed release.
   */
  void release() {
    if (session != null) {
      try {
        jdbc.sql("SELECT RELEASE_LOCK(?)").param(LOCK_NAME).query(Integer.class).optional();
      } catch (RuntimeException e) {
        log.debug("Releasing the relay lock failed; closing its session instead", e);
      }
      try {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
          dataSource.unwrap(HikariDataSource.class).evictConnection(session);
        }
      } catch (SQLException | RuntimeException e) {
        log.debug("Evicting the relay's session failed", e);
      }
      try {
        session.close();
      } catch (SQLException | RuntimeException e) {
        // Hikari may fail to close a connection it has just evicted; the relay must go on.
        log.debug("Closing the relay's session failed", e);
      }
      if (held) {
        log.info("This instance stopped relaying the outbox");
      }
    }
    session = null;
    jdbc = null;
    held = false;
  }
}
