package com.omnichannel.api.plans;

import com.omnichannel.api.conversation.InboxEntry;

/**
 * The statements of the outbox relay, pruner and backlog gauge, of the inbox ({@code Inbox#list},
 * built from {@link InboxEntry}'s public parts as it builds them) and of the messages list, as the
 * code builds them.
 */
enum ListStatement implements HotStatement {

  // ---- The outbox: RelayRound, OutboxPruner, OutboxBacklog ---------------------------------

  /** RelayRound#publish, the pending rows. */
  RELAY_PENDING(
      "outbox/relay/RelayRound.java",
      """
      SELECT id, topic, event_key, event_type, correlation_id, payload, attempts,
             trace_parent
        FROM outbox
       WHERE sent_at IS NULL AND failed_at IS NULL
       ORDER BY id
       LIMIT ?
      """),

  /** RelayRound#publish, the rows the broker acknowledged. */
  RELAY_MARK_SENT(
      "outbox/relay/RelayRound.java", "UPDATE outbox SET sent_at = :sentAt WHERE id IN (:ids)"),

  /** RelayRound#recordRefusal. */
  RELAY_REFUSAL(
      "outbox/relay/RelayRound.java",
      "UPDATE outbox SET attempts = ?, last_error = ?, failed_at = ? WHERE id = ?"),

  /** OutboxPruner#pruneWhenDue. */
  PRUNE(
      "outbox/relay/OutboxPruner.java",
      "DELETE FROM outbox WHERE sent_at < ? ORDER BY sent_at LIMIT ?"),

  /** OutboxBacklog#measure. */
  BACKLOG(
      "outbox/relay/OutboxBacklog.java",
      """
      SELECT COUNT(*) AS rows_pending,
             TIMESTAMPDIFF(MICROSECOND, MIN(created_at), NOW(6)) AS oldest_age_micros
        FROM outbox
       WHERE sent_at IS NULL AND failed_at IS NULL
      """),

  // ---- The inbox (Inbox#list) and the messages list (MessageRepository#page) ---------------

  /** Inbox#list, a first page with no filter. */
  INBOX_FIRST_PAGE(
      "inbox/Inbox.java",
      Columns.inbox(""),
      "InboxEntry.SELECT + \" WHERE c.company_id = :company\"",
      "\" ORDER BY c.last_message_at DESC, c.id DESC LIMIT :limit\"",
      "+ \" ORDER BY p.last_message_at DESC, p.id DESC\""),

  /** Inbox#list, a later page. */
  INBOX_NEXT_PAGE(
      "inbox/Inbox.java",
      Columns.inbox(" AND (c.last_message_at < :at OR (c.last_message_at = :at AND c.id < :id))"),
      "\" AND (c.last_message_at < :at OR (c.last_message_at = :at AND c.id < :id))\""),

  /** Inbox#list, filtered by status. */
  INBOX_BY_STATUS(
      "inbox/Inbox.java", Columns.inbox(" AND c.status = :status"), "\" AND c.status = :status\""),

  /** Inbox#list, filtered by owner. */
  INBOX_BY_OWNER(
      "inbox/Inbox.java",
      Columns.inbox(" AND c.owner_id = :owner"),
      "\" AND c.owner_id = :owner\""),

  /** MessageRepository#page, GET /conversations/{id}/messages. */
  MESSAGES_PAGE(
      "conversation/MessageRepository.java",
      """
      SELECT %s
        FROM messages
       WHERE conversation_id = ? AND id > ?
       ORDER BY id
       LIMIT ?
      """
          .formatted(Columns.MESSAGE),
      """
        FROM messages
       WHERE conversation_id = ? AND id > ?
       ORDER BY id
       LIMIT ?
      """);

  private final String source;
  private final String sql;
  private final String[] literals;

  ListStatement(String source, String sql, String... literals) {
    this.source = source;
    this.sql = sql;
    this.literals = literals.length == 0 ? new String[] {sql} : literals;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public String[] literals() {
    return literals;
  }
}
