package com.omnichannel.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the database alone can do: transactions of the webhook's two inserts (a message and its
 * outbox row, then commit) at a given concurrency, on the same server and schema. The outbox rows
 * are born sent, so the relay leaves them alone; all rows are deleted afterwards.
 */
final class DatabaseFloor {

  record Result(long transactions, double seconds) {
    double perSecond() {
      return transactions / seconds;
    }
  }

  private DatabaseFloor() {}

  /** Measures the floor alone: jdbc-url clients seconds. */
  public static void main(String[] args) throws Exception {
    var result =
        measure(
            args[0],
            "omni",
            "omni",
            Integer.parseInt(args[1]),
            Duration.ofSeconds(Long.parseLong(args[2])));
    System.out.printf(
        "%d transactions in %.1f s: %.0f tx/s%n",
        result.transactions(), result.seconds(), result.perSecond());
  }

  static Result measure(String url, String user, String password, int clients, Duration duration)
      throws Exception {
    long conversation = floorConversation(url, user, password);
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Long>> counts = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      counts.add(pool.submit(() -> insertPairs(url, user, password, conversation, running)));
    }
    Thread.sleep(duration.toMillis());
    running.set(false);
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    cleanUp(url, user, password, conversation);
    return new Result(total, seconds);
  }

  private static long insertPairs(
      String url, String user, String password, long conversation, AtomicBoolean running)
      throws SQLException {
    long done = 0;
    try (Connection db = DriverManager.getConnection(url, user, password);
        PreparedStatement message =
            db.prepareStatement(
                """
                INSERT INTO messages (company_id, conversation_id, sender, content, channel_id,
                                      channel_message_id, created_at)
                VALUES (1, ?, 'contact', 'floor', 1, ?, UTC_TIMESTAMP(6))
                """);
        PreparedStatement outbox =
            db.prepareStatement(
                """
                INSERT INTO outbox (topic, event_key, event_type, correlation_id, payload, sent_at)
                VALUES ('bench.floor', ?, 'Floor', 'floor', '{"floor": true}', UTC_TIMESTAMP(6))
                """)) {
      db.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      db.setAutoCommit(false);
      String prefix = "floor-" + Thread.currentThread().getId() + "-" + System.nanoTime() + "-";
      while (running.get()) {
        message.setLong(1, conversation);
        message.setString(2, prefix + done);
        message.executeUpdate();
        outbox.setString(1, Long.toString(conversation));
        outbox.executeUpdate();
        db.commit();
        done++;
      }
    }
    return done;
  }

  /** A conversation of its own, so the floor's rows are easy to remove. */
  private static long floorConversation(String url, String user, String password)
      throws SQLException {
    try (Connection db = DriverManager.getConnection(url, user, password);
        Statement sql = db.createStatement()) {
      sql.executeUpdate(
          "INSERT INTO contacts (company_id, name, phone) VALUES (1, 'floor', '+19990000000')"
              + " ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)",
          Statement.RETURN_GENERATED_KEYS);
      long contact = generated(sql);
      sql.executeUpdate(
          "INSERT INTO conversations (company_id, channel_id, contact_id, thread_no, owner_id)"
              + " VALUES (1, 1, "
              + contact
              + ", 1, 1) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)",
          Statement.RETURN_GENERATED_KEYS);
      return generated(sql);
    }
  }

  private static long generated(Statement sql) throws SQLException {
    try (ResultSet keys = sql.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  private static void cleanUp(String url, String user, String password, long conversation)
      throws SQLException {
    try (Connection db = DriverManager.getConnection(url, user, password);
        Statement sql = db.createStatement()) {
      sql.executeUpdate("DELETE FROM messages WHERE conversation_id = " + conversation);
      sql.executeUpdate("DELETE FROM outbox WHERE topic = 'bench.floor'");
    }
  }
}
