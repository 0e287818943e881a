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
 * The order in which AI and agent messages go out: each conversation's earliest pending message
 * first, the others waiting their turn, and the requests due. The delivery feature reads it here;
 * {@link DeliveryLedger} writes the statuses.
 */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
public class DeliveryQueue {

  private final JdbcClient jdbc;
  private final CompanyDirectory directory;

  DeliveryQueue(JdbcClient jdbc, CompanyDirectory directory) {
    this.jdbc = jdbc;
    this.directory = directory;
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
}
