package com.omnichannel.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
 * outbox row, then commit) at a given concurrency, on the same server.
 *
 * <p>The inserts go to tables of the floor's own, copies of {@code messages} and {@code outbox}
 * with the same columns and indexes, and with the message's foreign keys (company, channel,
 * conversation) to copies of their parents, so that an insert does the same work as the webhook's.
 * The floor once wrote to the live tables and removed its rows afterwards with {@code DELETE FROM
 * outbox WHERE topic = ...}: no index has the topic, so that statement read and locked every outbox
 * row, and after an overload it waited on the rows of transactions still open in the API (working
 * through a backlog, or left open by a thread that ran out of memory) until "Lock wait timeout
 * exceeded". Tables of its own share no row, gap or metadata lock with the services; they are
 * dropped afterwards (and before, should an earlier run have died halfway).
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
    createTables(url, user, password);
    try {
      return insertFor(url, user, password, clients, duration);
    } finally {
      dropTables(url, user, password);
    }
  }

  private static Result insertFor(
      String url, String user, String password, int clients, Duration duration) throws Exception {
    long conversation = 1;
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
                INSERT INTO bench_floor_messages (company_id, conversation_id, sender, content, channel_id,
                                      channel_message_id, created_at)
                VALUES (1, ?, 'contact', 'floor', 1, ?, UTC_TIMESTAMP(6))
                """);
        PreparedStatement outbox =
            db.prepareStatement(
                """
                INSERT INTO bench_floor_outbox (topic, event_key, event_type, correlation_id, payload, sent_at)
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

  /** Parents first, so that the children's foreign keys find them. */
  private static final List<String> TABLES =
      List.of("companies", "channels", "conversations", "messages", "outbox");

  private static void createTables(String url, String user, String password) throws SQLException {
    dropTables(url, user, password);
    try (Connection db = DriverManager.getConnection(url, user, password);
        Statement sql = db.createStatement()) {
      for (String table : TABLES) {
        // LIKE copies columns, keys and checks, not foreign keys.
        sql.execute("CREATE TABLE bench_floor_" + table + " LIKE " + table);
      }
      sql.execute("INSERT INTO bench_floor_companies (id, name) VALUES (1, 'floor')");
      sql.execute(
          "INSERT INTO bench_floor_channels (id, company_id, name, type)"
              + " VALUES (1, 1, 'floor', 'whatsapp')");
      sql.execute(
          "INSERT INTO bench_floor_conversations (id, company_id, channel_id, contact_id,"
              + " thread_no, owner_id) VALUES (1, 1, 1, 1, 1, 1)");
      sql.execute(
          """
          ALTER TABLE bench_floor_messages
            ADD CONSTRAINT fk_bench_floor_messages_company FOREIGN KEY (company_id)
                REFERENCES bench_floor_companies (id),
            ADD CONSTRAINT fk_bench_floor_messages_conversation FOREIGN KEY (conversation_id)
                REFERENCES bench_floor_conversations (id),
            ADD CONSTRAINT fk_bench_floor_messages_channel FOREIGN KEY (channel_id)
                REFERENCES bench_floor_channels (id)
          """);
    }
  }

  private static void dropTables(String url, String user, String password) throws SQLException {
    try (Connection db = DriverManager.getConnection(url, user, password);
        Statement sql = db.createStatement()) {
      for (int i = TABLES.size() - 1; i >= 0; i--) {
        sql.execute("DROP TABLE IF EXISTS bench_floor_" + TABLES.get(i));
      }
    }
  }
}
