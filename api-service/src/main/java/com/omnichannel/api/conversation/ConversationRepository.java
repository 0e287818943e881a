package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Conversations. Timestamps are stored as UTC. Only {@link Conversations} writes through it, which
 * keeps one lock order for every write.
 */
@Repository
class ConversationRepository {

  private static final RowMapper<Conversation> CONVERSATION =
      (rs, row) ->
          new Conversation(
              rs.getLong("id"),
              rs.getLong("company_id"),
              rs.getLong("channel_id"),
              rs.getLong("contact_id"),
              rs.getLong("owner_id"),
              instant(rs, "created_at"),
              instant(rs, "updated_at"),
              instant(rs, "last_message_at"),
              ConversationStatus.parse(rs.getString("status")));

  private static final String COLUMNS =
      "id, company_id, channel_id, contact_id, owner_id, created_at, updated_at, last_message_at,"
          + " status";

  /**
   * The role of a conversation's owner, for a locking read of the conversation. A shared lock reads
   * the latest committed user (an owner created by a transfer that just committed is seen), and
   * many transactions share it: locking the row exclusively, as a join under {@code FOR UPDATE}
   * would, made every transaction queue on the one AI user that owns most conversations.
   */
  private static final String OWNER_ROLE =
      "SELECT u.role FROM users u WHERE u.id = c.owner_id LOCK IN SHARE MODE";

  private static final String LOCK_LATEST =
      """
      SELECT c.id, c.company_id, c.channel_id, c.contact_id, c.owner_id, c.created_at,
             c.updated_at, c.last_message_at, c.status, (%s) AS role
        FROM conversations c
       WHERE c.channel_id = ? AND c.contact_id = ?
       ORDER BY c.thread_no DESC
       LIMIT 1
         FOR UPDATE
      """
          .formatted(OWNER_ROLE);

  private static final String LOCK_OWNERS =
      """
      SELECT c.id, c.company_id, c.owner_id, (%s) AS role
        FROM conversations c
       WHERE c.id IN (:ids)
       ORDER BY c.id
         FOR UPDATE
      """
          .formatted(OWNER_ROLE);

  private final JdbcClient jdbc;

  ConversationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The company's conversation; another company's is treated as not existing. */
  Optional<Conversation> find(long companyId, long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM conversations WHERE id = ? AND company_id = ?")
        .params(id, companyId)
        .query(CONVERSATION)
        .optional();
  }

  /** Reads the conversation and locks its row until the transaction ends. */
  Optional<Conversation> lock(long companyId, long id) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM conversations WHERE id = ? AND company_id = ? FOR UPDATE")
        .params(id, companyId)
        .query(CONVERSATION)
        .optional();
  }

  /** A conversation, and whether the AI owns it. */
  record OwnedConversation(Conversation conversation, boolean aiOwned) {}

  /** The id of the most recent conversation of a contact on a channel, read without a lock. */
  Optional<Long> latestId(long channelId, long contactId) {
    return jdbc.sql(
            """
            SELECT id FROM conversations
             WHERE channel_id = ? AND contact_id = ?
             ORDER BY thread_no DESC
             LIMIT 1
            """)
        .params(channelId, contactId)
        .query(Long.class)
        .optional();
  }

  /**
   * The most recent conversation of a contact on a channel, with its owner's role, locked until the
   * transaction ends. Two messages to one conversation therefore commit one after the other, and
   * the second's outbox row gets the higher id: the relay, which publishes committed rows in id
   * order, then publishes them in the order they were stored.
   */
  Optional<OwnedConversation> lockLatest(long channelId, long contactId) {
    return jdbc.sql(LOCK_LATEST)
        .params(channelId, contactId)
        .query((rs, row) -> new OwnedConversation(CONVERSATION.mapRow(rs, row), aiOwned(rs)))
        .optional();
  }

  /**
   * Starts the first conversation of a contact on a channel unless a concurrent request started it:
   * the unique key on (channel, contact, thread) makes both agree on one row.
   *
   * @return whether this call inserted the row
   */
  boolean startFirst(long companyId, long channelId, long contactId, long ownerId, Instant at) {
    return jdbc.sql(
                """
                INSERT IGNORE INTO conversations
                       (company_id, channel_id, contact_id, thread_no, owner_id, created_at,
                        updated_at)
                VALUES (?, ?, ?, 1, ?, ?, ?)
                """)
            .params(companyId, channelId, contactId, ownerId, utc(at), utc(at))
            .update()
        == 1;
  }

  void changeOwner(long id, long ownerId, Instant at) {
    jdbc.sql("UPDATE conversations SET owner_id = ?, updated_at = ? WHERE id = ?")
        .params(ownerId, utc(at), id)
        .update();
  }

  /** Records a contact's message stored at {@code at}; it reopens a resolved conversation. */
  void inboundStored(long id, Instant at) {
    jdbc.sql(
            """
            UPDATE conversations
               SET updated_at = ?, last_message_at = ?, status = ?
             WHERE id = ?
            """)
        .params(utc(at), utc(at), ConversationStatus.OPEN.spelling(), id)
        .update();
  }

  void changeStatus(long id, ConversationStatus status, Instant at) {
    jdbc.sql("UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?")
        .params(status.spelling(), utc(at), id)
        .update();
  }

  /** Records that messages were stored in these conversations at {@code at}. */
  void messagesStored(Collection<Long> ids, Instant at) {
    jdbc.sql(
            """
            UPDATE conversations
               SET updated_at = :at, last_message_at = :at
             WHERE id IN (:ids)
            """)
        .param("at", utc(at))
        .param("ids", ids)
        .update();
  }

  /**
   * The owners of the conversations, read with row locks (taken in id order, so two callers cannot
   * deadlock) that keep a transfer from changing them before the caller's transaction ends.
   */
  Map<Long, Ownership> lockOwners(Collection<Long> conversationIds) {
    Map<Long, Ownership> owners = new HashMap<>();
    jdbc.sql(LOCK_OWNERS)
        .param("ids", conversationIds)
        .query(
            rs -> {
              owners.put(
                  rs.getLong("id"),
                  new Ownership(rs.getLong("company_id"), rs.getLong("owner_id"), aiOwned(rs)));
            });
    return owners;
  }

  /** These conversations as the inbox shows them, in no particular order. */
  List<InboxEntry> entries(Collection<Long> ids) {
    return jdbc.sql(
            InboxEntry.withContactAndLastMessage(InboxEntry.SELECT + " WHERE c.id IN (:ids)"))
        .param("ids", ids)
        .query(InboxEntry.ROW)
        .list();
  }

  /** Whether the owner's role the row carries is the AI's. */
  private static boolean aiOwned(ResultSet rs) throws SQLException {
    return Role.of(rs.getString("role")).isAi();
  }

  /** Locks the conversations' rows, in id order, until the transaction ends. */
  void lockAll(Collection<Long> ids) {
    jdbc.sql("SELECT id FROM conversations WHERE id IN (:ids) ORDER BY id FOR UPDATE")
        .param("ids", ids)
        .query(Long.class)
        .list();
  }

  static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    LocalDateTime value = rs.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
