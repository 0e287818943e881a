package com.omnichannel.api.outbox.relay;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The relay's leadership: the database named lock {@value #LOCK_NAME}, held by a session of its
 * own, through which the leader also reads and marks rows. If the session dies, the lock goes with
 * it.
 *
 * <p>A leader that dies silently (a network partition, a frozen VM) leaves its session open, and
 * the server would keep the lock for it until the session's idle timeout, hours by default, with no
 * instance relaying. So the lock's session gets a short idle timeout ({@code
 * omni.outbox.leader-session-timeout}), and a keep-alive thread pings it every third of that,
 * however long a round waits for the broker. A ping that fails makes the leader step down at once:
 * it stops relaying, the session is aborted, and the next round tries for the lock again. Used by
 * the relay's thread, but for the keep-alive.
 */
final class RelayLeadership {

  static final String LOCK_NAME = "omni.outbox-relay";
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final DataSource dataSource;
  private final long timeoutSeconds;
  private final Duration pingInterval;
  private volatile boolean held;
  private volatile Connection session;
  private JdbcClient jdbc;
  private ScheduledExecutorService keepAlive;

  RelayLeadership(DataSource dataSource, Duration sessionTimeout) {
    this.dataSource = dataSource;
    this.timeoutSeconds = Math.max(1, sessionTimeout.toSeconds());
    this.pingInterval = Duration.ofSeconds(timeoutSeconds).dividedBy(3);
  }

  /** Whether this instance holds the lock. */
  boolean held() {
    return held;
  }

  /** The lock's session, to read and mark rows through; only while the lock is held. */
  JdbcClient session() {
    return jdbc;
  }

  /**
   * Takes the lock if no other session holds it; returns whether this instance now leads. A session
   * whose leadership was lost is given up first.
   */
  boolean acquire() throws SQLException {
    if (session != null) {
      release();
    }
    Connection candidate = dataSource.getConnection();
    try {
      candidate.setAutoCommit(true);
      JdbcClient client = JdbcClient.create(new SingleConnectionDataSource(candidate, true));
      Integer got =
          client.sql("SELECT GET_LOCK(?, 0)").param(LOCK_NAME).query(Integer.class).single();
      if (got != null && got == 1) {
        session = candidate;
        jdbc = client;
      }
    } catch (RuntimeException | SQLException e) {
      candidate.close();
      throw e;
    }
    if (session == null) {
      candidate.close();
      return false;
    }
    try {
      // Only the lock's session gets the short timeout: a follower's candidate goes back to the
      // pool as it came.
      jdbc.sql(
              "SET SESSION wait_timeout = "
                  + timeoutSeconds
                  + ", interactive_timeout = "
                  + timeoutSeconds)
          .update();
    } catch (RuntimeException e) {
      release();
      throw e;
    }
    held = true;
    keepAlive = keepAlive(candidate);
    log.info("This instance now relays the outbox");
    return true;
  }

  /**
   * Gives the lock up for real. The session is a pooled connection: closing it only returns it to
   * the pool, where the lock would stay with it and keep every instance from relaying until the
   * connection retired. So the lock is released explicitly, and the connection is evicted from the
   * pool (closed), in case the session outlived a failed release.
   */
  void release() {
    if (keepAlive != null) {
      keepAlive.shutdownNow();
      keepAlive = null;
    }
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

  /** Pings the lock's session every {@link #pingInterval} while it leads. */
  private ScheduledExecutorService keepAlive(Connection connection) {
    ScheduledExecutorService pinger =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "outbox-relay-keepalive");
              thread.setDaemon(true);
              return thread;
            });
    long every = pingInterval.toMillis();
    pinger.scheduleWithFixedDelay(() -> ping(connection), every, every, TimeUnit.MILLISECONDS);
    return pinger;
  }

  private void ping(Connection connection) {
    if (!held || session != connection) {
      return;
    }
    boolean alive;
    try {
      alive = connection.isValid((int) timeoutSeconds);
    } catch (SQLException | RuntimeException e) {
      alive = false;
    }
    if (alive || session != connection) {
      return;
    }
    held = false;
    log.warn(
        "The relay lock's session stopped answering; this instance stops relaying and tries for"
            + " the lock again");
    try {
      // Nothing more goes through it, not even the round in flight: the lock is the server's to
      // give to another instance.
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      log.debug("Aborting the relay lock's session failed", e);
    }
  }
}
