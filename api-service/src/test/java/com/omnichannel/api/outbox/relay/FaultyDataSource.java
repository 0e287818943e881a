package com.omnichannel.api.outbox.relay;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The pool's connections, with faults on demand: the next statement fails with a non-fatal SQL
 * error, or every statement blocks (a thread stuck in a round) until thawed, or every statement and
 * every ping does (a frozen process, silent to the database) until thawed.
 */
final class FaultyDataSource extends DelegatingDataSource {

  private final AtomicBoolean failNext = new AtomicBoolean();
  private final AtomicReference<CountDownLatch> frozen = new AtomicReference<>();
  private final AtomicBoolean frozenCaller = new AtomicBoolean();
  private final AtomicBoolean pingsFrozen = new AtomicBoolean();

  FaultyDataSource(DataSource pool) {
    super(pool);
  }

  void failNextStatement() {
    failNext.set(true);
  }

  void freeze() {
    frozen.set(new CountDownLatch(1));
  }

  /** Statements and pings block: the process has stopped, but its sessions stay open. */
  void freezeProcess() {
    pingsFrozen.set(true);
    freeze();
  }

  /** Whether a caller is blocked in a frozen statement. */
  boolean hasFrozenCaller() {
    return frozenCaller.get();
  }

  void thaw() {
    pingsFrozen.set(false);
    CountDownLatch latch = frozen.getAndSet(null);
    if (latch != null) {
      latch.countDown();
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = super.getConnection();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("prepare")
                  || method.getName().equals("createStatement")
                  || (method.getName().equals("isValid") && pingsFrozen.get())) {
                CountDownLatch latch = frozen.get();
                if (latch != null) {
                  frozenCaller.set(true);
                  latch.await(30, TimeUnit.SECONDS);
                }
                if (failNext.compareAndSet(true, false)) {
                  throw new SQLException("Injected failure", "HY000", 9999);
                }
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
