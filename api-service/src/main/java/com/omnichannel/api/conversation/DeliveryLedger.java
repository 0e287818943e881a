package com.omnichannel.api.conversation;

import static com.omnichannel.api.conversation.ConversationRepository.instant;
import static com.omnichannel.api.conversation.ConversationRepository.utc;

import com.omnichannel.api.company.CompanyDirectory;
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
 * lock taken through {@link Conversations#lockAll} (one conditional statement aside, see {@link
 * #moveOn}), and a write that changes a delivery status announces it to agents' event streams.
 */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
public class DeliveryLedger {

  private final JdbcClient jdbc;
  private final ChangeLog changes;
  private final CompanyDirectory directory;

  DeliveryLedger(JdbcClient jdbc, ChangeLog changes, CompanyDirectory directory) {
    this.directory = directory;
    this.jdbc = jdbc;
    this.changes = changes;
  }

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
            """
            SELECT m.id, m.company_id, m.conversation_id, m.delivery_status, m.delivery_attempts,
                   m.provider_message_id, m.delivery_due_at, m.created_at
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
   * The earliest message of the conversation still to be delivered, with what its request needs
   * from its channel and contact.
   */
  public Optional<OutboundMessage> head(long conversationId) {
    return jdbc.sql(
            """
            SELECT m.id, m.company_id, m.conversation_id, m.sender, m.content, m.created_at,
                   m.delivery_attempts, m.delivery_due_at, c.channel_id, ct.phone, ct.email,
                   ct.telegram_chat_id, m.trace_parent
              FROM messages m
              JOIN conversations c ON c.id = m.conversation_id
              JOIN contacts ct ON ct.id = c.contact_id
             WHERE m.conversation_id = ? AND m.delivery_status = ?
             ORDER BY m.id
             LIMIT 1
            """)
        .params(conversationId, DeliveryStatus.PENDING.spelling())
        .query(
            (rs, row) ->
                new OutboundMessage(
                    rs.getLong("id"),
                    rs.getLong("company_id"),
                    rs.getLong("conversation_id"),
                    Sender.of(rs.getString("sender")),
                    rs.getString("content"),
                    instant(rs, "created_at"),
                    rs.getInt("delivery_attempts"),
                    instant(rs, "delivery_due_at"),
                    // The channel as it is now (a token rotated a moment ago is the one to
                    // send with), its secrets opened.
                    directory
                        .currentChannel(rs.getLong("company_id"), rs.getLong("channel_id"))
                        .orElseThrow(),
                    rs.getString("phone"),
                    rs.getString("email"),
                    rs.getString("telegram_chat_id"),
                    rs.getString("trace_parent")))
        .optional();
  }

  /** A pending message that is not its conversation's first waits for the one before it. */
  public void waitForTurn(long messageId) {
    jdbc.sql("UPDATE messages SET delivery_due_at = NULL WHERE id = ? AND delivery_status = ?")
        .params(messageId, DeliveryStatus.PENDING.spelling())
        .update();
  }

  /** Messages whose next request is due at {@code now}, the longest due first. */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public List<DueDelivery> due(Instant now, int limit) {
    return jdbc.sql(
            """
            SELECT id, conversation_id
              FROM messages
             WHERE delivery_due_at <= ?
             ORDER BY delivery_due_at
             LIMIT ?
            """)
        .params(utc(now), limit)
        .query((rs, row) -> new DueDelivery(rs.getLong("id"), rs.getLong("conversation_id")))
        .list();
  }

  /** The message's next request is due at {@code dueAt}; its status stays pending. */
  public void dueAt(long messageId, int attempts, String error, Instant dueAt) {
    jdbc.sql(
            """
            UPDATE messages
               SET delivery_attempts = ?, delivery_error = ?, delivery_due_at = ?
             WHERE id = ?
            """)
        .params(attempts, truncate(error), utc(dueAt), messageId)
        .update();
  }

  /** The provider took the message (a 2xx). */
  public void sent(MessageKey message, int attempts, String providerMessageId, Instant sentAt) {
    jdbc.sql(
            """
            UPDATE messages
               SET delivery_status = ?, delivery_attempts = ?, provider_message_id = ?,
                   sent_at = ?, delivery_error = NULL, delivery_due_at = NULL
             WHERE id = ?
            """)
        .params(
            DeliveryStatus.SENT.spelling(),
            attempts,
            providerMessageId,
            utc(sentAt),
            message.messageId())
        .update();
    statusChanged(message);
  }

  /** The message is given up: it will not be sent unless an agent retries it. */
  public void failed(MessageKey message, int attempts, String error) {
    jdbc.sql(
            """
            UPDATE messages
               SET delivery_status = ?, delivery_attempts = ?, delivery_error = ?,
                   delivery_due_at = NULL
             WHERE id = ?
            """)
        .params(DeliveryStatus.FAILED.spelling(), attempts, truncate(error), message.messageId())
        .update();
    statusChanged(message);
  }

  /** A status the provider reported; a failure keeps its reason. */
  public void reported(MessageKey message, DeliveryStatus status, String error) {
    jdbc.sql(
            """
            UPDATE messages
               SET delivery_status = ?, delivery_error = COALESCE(?, delivery_error),
                   delivery_due_at = NULL
             WHERE id = ?
            """)
        .params(status.spelling(), truncate(error), message.messageId())
        .update();
    statusChanged(message);
  }

  /**
   * Moves the message to {@code status} if its status is one of {@code from}, in one conditional
   * statement that needs no conversation lock: the condition keeps a concurrent change from being
   * overwritten.
   *
   * @return whether it moved
   */
  public boolean moveOn(
      MessageKey message, List<DeliveryStatus> from, DeliveryStatus status, String error) {
    boolean moved =
        jdbc.sql(
                    """
            UPDATE messages
               SET delivery_status = :status, delivery_error = COALESCE(:error, delivery_error)
             WHERE id = :id AND delivery_status IN (:from)
            """)
                .param("status", status.spelling())
                .param("error", truncate(error))
                .param("id", message.messageId())
                .param("from", from.stream().map(DeliveryStatus::spelling).toList())
                .update()
            > 0;
    if (moved) {
      statusChanged(message);
    }
    return moved;
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

  /** A failed message is to be delivered again, with a fresh budget of attempts. */
  public void requeue(MessageKey message) {
    jdbc.sql(
            """
            UPDATE messages
               SET delivery_status = ?, delivery_attempts = 0, delivery_error = NULL,
                   delivery_due_at = NULL
             WHERE id = ?
            """)
        .params(DeliveryStatus.PENDING.spelling(), message.messageId())
        .update();
    statusChanged(message);
  }

  /** Agents' event streams show the message's new delivery status. */
  private void statusChanged(MessageKey message) {
    changes.messageUpdated(message.companyId(), message.conversationId(), message.messageId());
  }

  private static String truncate(String error) {
    return error == null || error.length() <= 500 ? error : error.substring(0, 497) + "...";
  }
}
