package com.omnichannel.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a history of messages in a stack's database before a benchmark, so that its rate can be
 * compared with the rate on an empty one: {@code messages} (1,000,000 by default) for demo company
 * 1, in conversations of ten (five contact messages, each answered by the AI, read, with the
 * provider's id), with contacts of their own, on its generic channel 1 and its WhatsApp Cloud
 * channel 3 in turn, all resolved, a conversation every 30 s from 2016 on (ten million of them
 * would end in 2025). No outbox rows: a relayed history has none.
 *
 * <p>The contacts' numbers start with +1666 (the benchmark's start with +1777) and the provider ids
 * with {@code history-}, so nothing collides with what a benchmark sends; a second run adds another
 * history after the first. Rows are inserted set-wise, from a series the statement generates
 * itself, in chunks of {@value #MESSAGES_PER_CHUNK} messages, each one transaction.
 *
 * <p>{@code exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.omnichannel.bench.HistoryPreload -Dexec.args="jdbc-url [messages [user
 * password]]"}; the user and password default to omni.
 */
final class HistoryPreload {

  static final int TURNS = 5;
  static final int MESSAGES_PER_CONVERSATION = 2 * TURNS;
  static final int MESSAGES_PER_CHUNK = 100_000;
  static final String PHONE_PREFIX = "+1666";

  /** Seven digits follow the prefix. */
  static final long MAX_CONTACTS = 10_000_000;

  private static final long COMPANY = 1;
  private static final long AI_USER = 1;
  private static final long GENERIC_CHANNEL = 1;
  private static final long WHATSAPP_CHANNEL = 3;

  /**
   * Conversations {@code first} to {@code first + count - 1} of the history (numbered from 0 over
   * every run), stored in one transaction.
   */
  record Chunk(long first, int count) {}

  /**
   * The chunks that store at least {@code messages} messages after the {@code stored} conversations
   * of earlier runs, whole conversations each.
   *
   * @throws IllegalArgumentException when the contacts' numbers would run out
   */
  static List<Chunk> chunks(long stored, long messages) {
    long conversations = (messages + MESSAGES_PER_CONVERSATION - 1) / MESSAGES_PER_CONVERSATION;
    if (stored + conversations > MAX_CONTACTS) {
      throw new IllegalArgumentException(
          "Room for " + (MAX_CONTACTS - stored) + " more conversations, not " + conversations);
    }
    int perChunk = MESSAGES_PER_CHUNK / MESSAGES_PER_CONVERSATION;
    List<Chunk> chunks = new ArrayList<>();
    for (long done = 0; done < conversations; done += perChunk) {
      chunks.add(new Chunk(stored + done, (int) Math.min(perChunk, conversations - done)));
    }
    return chunks;
  }

  /** The number of the history's {@code n}th contact. */
  static String phone(long n) {
    return PHONE_PREFIX + String.format("%07d", n);
  }

  public static void main(String[] args) throws SQLException {
    String url = args[0];
    long messages = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    String user = args.length > 2 ? args[2] : "omni";
    String password = args.length > 3 ? args[3] : "omni";
    long started = System.nanoTime();
    try (Connection db = DriverManager.getConnection(url, user, password)) {
      db.setAutoCommit(false);
      var sql = new HistorySql(db);
      long stored =
          sql.count(
              "SELECT COUNT(*) FROM contacts WHERE company_id = ? AND phone LIKE ?",
              COMPANY,
              PHONE_PREFIX + "%");
      List<Chunk> chunks = chunks(stored, messages);
      long inserted = 0;
      for (Chunk chunk : chunks) {
        inserted += sql.insert(chunk);
        db.commit();
        System.out.printf(
            "%,d messages in %.1f s%n", inserted, (System.nanoTime() - started) / 1e9);
      }
      sql.analyze();
      System.out.printf(
          "Inserted %,d messages in %,d conversations (contacts %s to %s) in %.1f s%n",
          inserted,
          inserted / MESSAGES_PER_CONVERSATION,
          phone(stored),
          phone(stored + inserted / MESSAGES_PER_CONVERSATION - 1),
          (System.nanoTime() - started) / 1e9);
    }
  }

  /** The statements of a chunk, on one connection. */
  private static final class HistorySql {

    /**
     * 0 to 99,999 as {@code series (n)}: five digits of a ten-row table crossed with itself (MySQL
     * has no sequence engine). It goes between an INSERT's columns and its SELECT.
     */
    private static final String SERIES =
        """

        WITH d AS (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
                   UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7
                   UNION ALL SELECT 8 UNION ALL SELECT 9),
             series AS (SELECT a.n + 10 * b.n + 100 * c.n + 1000 * e.n + 10000 * f.n AS n
                          FROM d a, d b, d c, d e, d f)
        """;

    private final Connection db;

    HistorySql(Connection db) {
      this.db = db;
    }

    /** Stores the chunk's contacts, conversations and messages; the messages' count. */
    long insert(Chunk chunk) throws SQLException {
      long conversationsBefore = count("SELECT COALESCE(MAX(id), 0) FROM conversations");
      update(
          "INSERT INTO contacts (company_id, name, phone, created_at)"
              + SERIES
              + """
              SELECT ?, CONCAT('History contact ', ? + n), CONCAT(?, LPAD(? + n, 7, '0')),
                     TIMESTAMP '2016-01-01 00:00:00' + INTERVAL (? + n) * 30 SECOND
                FROM series WHERE n < ?
              """,
          COMPANY,
          chunk.first(),
          PHONE_PREFIX,
          chunk.first(),
          chunk.first(),
          chunk.count());
      update(
          """
          INSERT INTO conversations (company_id, channel_id, contact_id, thread_no, owner_id,
                                     created_at, updated_at, last_message_at, status)
          SELECT company_id, IF(id % 2 = 0, ?, ?), id, 1, ?, created_at,
                 created_at + INTERVAL ? SECOND, created_at + INTERVAL ? SECOND, 'resolved'
            FROM contacts
           WHERE company_id = ? AND phone BETWEEN ? AND ?
          """,
          GENERIC_CHANNEL,
          WHATSAPP_CHANNEL,
          AI_USER,
          MESSAGES_PER_CONVERSATION - 1,
          MESSAGES_PER_CONVERSATION - 1,
          COMPANY,
          phone(chunk.first()),
          phone(chunk.first() + chunk.count() - 1));
      long inserted = 0;
      for (int turn = 0; turn < TURNS; turn++) {
        inserted += insertTurn(conversationsBefore, turn);
      }
      return inserted;
    }

    /** A contact's message in each of the chunk's conversations, then the AI's answer to each. */
    private long insertTurn(long conversationsBefore, int turn) throws SQLException {
      long messagesBefore = count("SELECT COALESCE(MAX(id), 0) FROM messages");
      long questions =
          update(
              """
              INSERT INTO messages (company_id, conversation_id, sender, content, channel_id,
                                    channel_message_id, created_at)
              SELECT company_id, id, 'contact', CONCAT('History question ', ?), channel_id,
                     CONCAT('history-', id, '-', ?), created_at + INTERVAL ? SECOND
                FROM conversations
               WHERE id > ?
              """,
              turn,
              turn,
              2 * turn,
              conversationsBefore);
      long answers =
          update(
              """
              INSERT INTO messages (company_id, conversation_id, sender, author_id, content,
                                    in_reply_to, created_at, delivery_status, delivery_attempts,
                                    provider_message_id, sent_at)
              SELECT company_id, conversation_id, 'ai', ?, CONCAT('History answer ', ?), id,
                     created_at + INTERVAL 1 SECOND, 'read', 1,
                     CONCAT(IF(channel_id = ?, 'wamid.history-', 'history-out-'), id),
                     created_at + INTERVAL 1 SECOND
                FROM messages
               WHERE id > ?
              """,
              AI_USER,
              turn,
              WHATSAPP_CHANNEL,
              messagesBefore);
      return questions + answers;
    }

    /** Fresh statistics for the optimizer, as after any large load. */
    void analyze() throws SQLException {
      try (Statement statement = db.createStatement()) {
        statement.execute("ANALYZE TABLE contacts, conversations, messages");
      }
    }

    long count(String sql, Object... params) throws SQLException {
      try (PreparedStatement statement = prepare(sql, params);
          ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }

    private long update(String sql, Object... params) throws SQLException {
      try (PreparedStatement statement = prepare(sql, params)) {
        return statement.executeLargeUpdate();
      }
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
      PreparedStatement statement = db.prepareStatement(sql);
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      return statement;
    }
  }
}
