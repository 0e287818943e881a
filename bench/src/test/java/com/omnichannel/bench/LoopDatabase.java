package com.omnichannel.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the whole-loop benchmark reads from the stack's database, over one connection of its own
 * (autocommit, read committed: it reads only, and holds no lock the services need). One instance
 * per thread, as a JDBC connection is.
 */
final class LoopDatabase implements AutoCloseable {

  /** The demo's WhatsApp Cloud channel, which the benchmark's webhooks go to. */
  static final long CHANNEL = 3;

  /** How long replies on their way may stay where they are before the wait gives up on them. */
  static final Duration STALLED = Duration.ofSeconds(10);

  /**
   * What a wait for the stack's work to be done found.
   *
   * @param seconds how long it took; -1 when it was still at work at the bound
   * @param unfinished replies still neither read nor failed at the end
   */
  record Idle(long seconds, long unfinished) {}

  private final Connection db;

  LoopDatabase(String url, String user, String password) throws SQLException {
    db = DriverManager.getConnection(url, user, password);
    db.setAutoCommit(true);
    db.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
  }

  /**
   * The inbound messages of one phase (their wamids start with {@code wamid.<run>-}, through the
   * unique index on the provider's ids), their AI replies and those replies' delivery statuses.
   */
  ReplyCount replies(String run) throws SQLException {
    if (!run.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("A run id is letters, digits and dashes: " + run);
    }
    try (PreparedStatement query =
        db.prepareStatement(
            """
            SELECT COUNT(*) AS inbound,
                   COUNT(r.id) AS replies,
                   COALESCE(SUM(r.delivery_status = 'read'), 0) AS read_replies,
                   COALESCE(SUM(r.delivery_status = 'failed'), 0) AS failed_replies
              FROM messages m
              LEFT JOIN messages r ON r.in_reply_to = m.id AND r.sender = 'ai'
             WHERE m.channel_id = ? AND m.channel_message_id LIKE ? AND m.sender = 'contact'
            """)) {
      query.setLong(1, CHANNEL);
      query.setString(2, "wamid." + run + "-%");
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return new ReplyCount(
            rs.getLong("inbound"),
            rs.getLong("replies"),
            rs.getLong("read_replies"),
            rs.getLong("failed_replies"));
      }
    }
  }

  long maxMessageId() throws SQLException {
    return single("SELECT COALESCE(MAX(id), 0) FROM messages");
  }

  /** Outbox rows neither relayed nor parked. */
  long outboxPending() throws SQLException {
    return single("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL");
  }

  /**
   * Waits until the work of earlier phases is done: no outbox row left to relay, no new message
   * stored for two polls a second apart (the worker may still have events to answer), and no AI
   * reply after message {@code sinceId} still on its way (pending, sent or delivered: not yet read
   * or failed), or, when some are, {@link #STALLED} without any of them moving on (a status the
   * provider gave up posting leaves its reply where it is for good). Returns what it found.
   */
  Idle awaitIdle(long sinceId, Duration bound) throws Exception {
    long started = System.nanoTime();
    long deadline = started + bound.toNanos();
    long lastMessage = -1;
    long lastUnfinished = -1;
    int quiet = 0;
    int unchanged = 0;
    long unfinished = -1;
    while (System.nanoTime() < deadline) {
      long message = maxMessageId();
      boolean relayed = outboxPending() == 0;
      unfinished = unfinishedReplies(sinceId);
      quiet = relayed && message == lastMessage ? quiet + 1 : 0;
      unchanged = quiet > 0 && unfinished == lastUnfinished ? unchanged + 1 : 0;
      lastMessage = message;
      lastUnfinished = unfinished;
      if (quiet >= 2 && (unfinished == 0 || unchanged >= STALLED.toSeconds())) {
        return new Idle(Math.round((System.nanoTime() - started) / 1e9), unfinished);
      }
      Thread.sleep(1000);
    }
    return new Idle(-1, unfinished);
  }

  private long unfinishedReplies(long sinceId) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement(
            """
            SELECT COUNT(*) FROM messages
             WHERE id > ? AND sender = 'ai' AND delivery_status IN ('pending', 'sent', 'delivered')
            """)) {
      query.setLong(1, sinceId);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The server's counters of these names (SHOW GLOBAL STATUS). */
  Map<String, Long> globalStatus(List<String> names) throws SQLException {
    Map<String, Long> values = new HashMap<>();
    try (PreparedStatement query = db.prepareStatement("SHOW GLOBAL STATUS");
        ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(1);
        for (String wanted : names) {
          if (wanted.equalsIgnoreCase(name)) {
            values.put(wanted, Long.parseLong(rs.getString(2)));
          }
        }
      }
    }
    return values;
  }

  private long single(String sql) throws SQLException {
    try (PreparedStatement query = db.prepareStatement(sql);
        ResultSet rs = query.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
