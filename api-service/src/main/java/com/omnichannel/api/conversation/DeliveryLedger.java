package com.omnichannel.api.conversation;

import static com.omnichannel.api.conversation.ConversationRepository.instant;
import static com.omnichannel.api.conversation.ConversationRepository.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The conversation door for the delivery columns of AI and agent messages: the delivery feature
 * decides, this writes. Every write runs in the caller's transaction, under the conversation's row
 * lock taken through {@link Conversations#lockAll} (one statement aside, see {@link #moveOn}).
 *
 * <p>Every write of a delivery status is conditional, in the statement itself, on the statuses it
 * may move from ({@link DeliveryStatus#mayMoveTo}): a status the caller read a moment ago may have
 * moved on since (a provider's status takes no lock), and an unconditional write would move it
 * back. A write that matched no row changed nothing and announces nothing; one that did announces
 * the change to agents' event streams.
 */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
public class DeliveryLedger {

  private final JdbcClient jdbc;
  private final ChangeLog changes;

  DeliveryLedger(JdbcClient jdbc, ChangeLog changes) {
    this.jdbc = jdbc;
    this.changes = changes;
  }

  private static final String PENDING = DeliveryStatus.PENDING.spelling();

  private static final String STATE_COLUMNS =
      "id, company_id, conversation_id, delivery_status, delivery_attempts, provider_message_id,"
          + " delivery_due_at, created_at";

  private static DeliveryState state(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new DeliveryState(
        rs.getLong("id"),
        rs.getLong("company_id"),
        rs.getLong("conversation_id"),
        DeliveryStatus.of(rs.getString("delivery_status")),
        rs.getInt("delivery_attempts"),
        rs.getString("provider_message_id"),
        instant(rs, "delivery_due_at"),
        instant(rs, "created_at"));
  }

  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public Optional<DeliveryState> state(long messageId) {
    return jdbc.sql(
            "SELECT "
                + STATE_COLUMNS
                + " FROM messages WHERE id = ? AND delivery_status IS NOT NULL")
        .param(messageId)
        .query((rs, row) -> state(rs))
        .optional();
  }

  /**
   * The company's AI or agent message on the channel, by our id or the provider's; another
   * company's or channel's message is not found.
   */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public Optional<DeliveryState> find(
      long companyId, long channelId, Long messageId, String providerMessageId) {
    String by = messageId != null ? "m.id = ?" : "m.provider_message_id = ?";
    Object value = messageId != null ? messageId : providerMessageId;
    return jdbc.sql(
            "SELECT m."
                + STATE_COLUMNS.replace(", ", ", m.")
                + """
                 FROM messages m
                 JOIN conversations c ON c.id = m.conversation_id
                WHERE m.company_id = ? AND c.channel_id = ? AND m.delivery_status IS NOT NULL AND
                """
                + by
                + " LIMIT 1")
        .params(companyId, channelId, value)
        .query((rs, row) -> state(rs))
        .optional();
  }

  /**
   * The pending message's next request is due at {@code dueAt}; its status stays pending.
   *
   * @return false when the message is no longer pending, and nothing changed
   */
  public boolean dueAt(long messageId, int attempts, String error, Instant dueAt) {
    return changed(
        """
        UPDATE messages SET delivery_attempts = ?, delivery_error = ?, delivery_due_at = ?
         WHERE id = ? AND delivery_status = ?
        """,
        attempts,
        truncate(error),
        utc(dueAt),
        messageId,
        PENDING);
  }

  /**
   * The provider took the pending message (a 2xx).
   *
   * @return false when the message was no longer pending, and nothing changed
   */
  public boolean sent(MessageKey message, int attempts, String providerMessageId, Instant sentAt) {
    return announced(
        message,
        changed(
            """
            UPDATE messages
               SET delivery_status = ?, delivery_attempts = ?, provider_message_id = ?,
                   sent_at = ?, delivery_error = NULL, delivery_due_at = NULL
             WHERE id = ? AND delivery_status = ?
            """,
            DeliveryStatus.SENT.spelling(),
            attempts,
            providerMessageId,
            utc(sentAt),
            message.messageId(),
            PENDING));
  }

  /**
   * The pending message is given up: it will not be sent unless an agent retries it.
   *
   * @return false when the message was no longer pending, and nothing changed
   */
  public boolean failed(MessageKey message, int attempts, String error) {
    return announced(
        message,
        changed(
            """
            UPDATE messages
               SET delivery_status = ?, delivery_attempts = ?, delivery_error = ?,
                   delivery_due_at = NULL
             WHERE id = ? AND delivery_status = ?
            """,
            DeliveryStatus.FAILED.spelling(),
            attempts,
            truncate(error),
            message.messageId(),
            PENDING));
  }

  /**
   * A status the provider reported, if the message's status may move to it; a failure keeps its
   * reason.
   *
   * @return whether it moved
   */
  public boolean reported(MessageKey message, DeliveryStatus status, String error) {
    return move(message, status.movedFrom(), status, error);
  }

  /**
   * Moves the message to {@code to} if its status is one of {@code from}, in one conditional
   * statement that needs no conversation lock: the condition keeps a concurrent change from being
   * overwritten. A message that leaves pending has no request due any more.
   *
   * @return whether it moved
   */
  public boolean moveOn(
      MessageKey message, List<DeliveryStatus> from, DeliveryStatus to, String error) {
    return move(message, from.stream().map(DeliveryStatus::spelling).toList(), to, error);
  }

  private boolean move(MessageKey message, List<String> from, DeliveryStatus to, String error) {
    boolean moved =
        jdbc.sql(
                    """
            UPDATE messages
               SET delivery_status = :status, delivery_error = COALESCE(:error, delivery_error),
                   delivery_due_at = NULL
             WHERE id = :id AND delivery_status IN (:from)
            """)
                .param("status", to.spelling())
                .param("error", truncate(error))
                .param("id", message.messageId())
                .param("from", from)
                .update()
            > 0;
    return announced(message, moved);
  }

  /**
   * Keeps the provider's id and the time of the 2xx of a message whose status moved on before the
   * 2xx was recorded; the first of each wins.
   */
  public void sentLate(long messageId, String providerMessageId, Instant sentAt) {
    jdbc.sql(
            """
            UPDATE messages
               SET provider_message_id = COALESCE(provider_message_id, ?),
                   sent_at = COALESCE(sent_at, ?)
             WHERE id = ?
            """)
        .params(providerMessageId, utc(sentAt), messageId)
        .update();
  }

  /**
   * A failed message is to be delivered again, with a fresh budget of attempts.
   *
   * @return false when the message was not failed (any more), and nothing changed
   */
  public boolean requeue(MessageKey message) {
    return announced(
        message,
        changed(
            """
            UPDATE messages
               SET delivery_status = ?, delivery_attempts = 0, delivery_error = NULL,
                   delivery_due_at = NULL
             WHERE id = ? AND delivery_status = ?
            """,
            PENDING,
            message.messageId(),
            DeliveryStatus.FAILED.spelling()));
  }

  /** Runs a conditional update; whether it matched the row. */
  private boolean changed(String sql, Object... params) {
    return jdbc.sql(sql).params(params).update() > 0;
  }

  /** Agents' event streams show the message's new delivery status, if it {@code moved}. */
  private boolean announced(MessageKey message, boolean moved) {
    if (moved) {
      changes.messageUpdated(message.companyId(), message.conversationId(), message.messageId());
    }
    return moved;
  }

  private static String truncate(String error) {
    return error == null || error.length() <= 500 ? error : error.substring(0, 497) + "...";
  }
}
