package com.omnichannel.api.plans;

/**
 * The statements of deliveries ({@code Deliveries}, {@code DeliveryQueue}, {@code DeliveryLedger},
 * {@code EarlyStatuses}), as the code builds them.
 */
enum DeliveryStatement implements HotStatement {

  // ---- Deliveries: Deliveries, DeliveryQueue, DeliveryLedger, EarlyStatuses ----------------

  /** ConversationRepository#lockAll. */
  LOCK_ALL(
      "conversation/ConversationRepository.java",
      "SELECT id FROM conversations WHERE id IN (:ids) ORDER BY id FOR UPDATE"),

  /** DeliveryQueue#head. */
  DELIVERY_HEAD(
      "conversation/DeliveryQueue.java",
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
      """),

  /** DeliveryQueue#waitForTurn. */
  WAIT_FOR_TURN(
      "conversation/DeliveryQueue.java",
      "UPDATE messages SET delivery_due_at = NULL WHERE id = ? AND delivery_status = ?"),

  /** DeliveryQueue#due, the scheduler's poll. */
  DUE(
      "conversation/DeliveryQueue.java",
      """
      SELECT id, conversation_id
        FROM messages
       WHERE delivery_due_at <= ?
       ORDER BY delivery_due_at
       LIMIT ?
      """),

  /** DeliveryLedger#state. */
  DELIVERY_STATE(
      "conversation/DeliveryLedger.java",
      "SELECT " + Columns.STATE + " FROM messages WHERE id = ? AND delivery_status IS NOT NULL",
      " FROM messages WHERE id = ? AND delivery_status IS NOT NULL\""),

  /** DeliveryLedger#find by our id, a gateway's report. */
  FIND_DELIVERY_BY_ID(
      "conversation/DeliveryLedger.java",
      "SELECT m."
          + Columns.STATE.replace(", ", ", m.")
          + """
           FROM messages m
           JOIN conversations c ON c.id = m.conversation_id
          WHERE m.company_id = ? AND c.channel_id = ? AND m.delivery_status IS NOT NULL AND
          """
          + "m.id = ?"
          + " LIMIT 1",
      """
      FROM messages m JOIN conversations c ON c.id = m.conversation_id \
      WHERE m.company_id = ? AND c.channel_id = ? AND m.delivery_status IS NOT NULL AND""",
      "\"m.id = ?\""),

  /** DeliveryLedger#find by the provider's id, a provider's status callback. */
  FIND_DELIVERY_BY_PROVIDER_ID(
      "conversation/DeliveryLedger.java",
      "SELECT m."
          + Columns.STATE.replace(", ", ", m.")
          + """
           FROM messages m
           JOIN conversations c ON c.id = m.conversation_id
          WHERE m.company_id = ? AND c.channel_id = ? AND m.delivery_status IS NOT NULL AND
          """
          + "m.provider_message_id = ?"
          + " LIMIT 1",
      "\"m.provider_message_id = ?\"",
      "+ \" LIMIT 1\""),

  /** DeliveryLedger#dueAt. */
  DUE_AT(
      "conversation/DeliveryLedger.java",
      """
      UPDATE messages SET delivery_attempts = ?, delivery_error = ?, delivery_due_at = ?
       WHERE id = ? AND delivery_status = ?
      """),

  /** DeliveryLedger#sent. */
  SENT(
      "conversation/DeliveryLedger.java",
      """
      UPDATE messages
         SET delivery_status = ?, delivery_attempts = ?, provider_message_id = ?,
             sent_at = ?, delivery_error = NULL, delivery_due_at = NULL
       WHERE id = ? AND delivery_status = ?
      """),

  /** DeliveryLedger#move, behind reported and moveOn. */
  MOVE(
      "conversation/DeliveryLedger.java",
      """
      UPDATE messages
         SET delivery_status = :status, delivery_error = COALESCE(:error, delivery_error),
             delivery_due_at = NULL
       WHERE id = :id AND delivery_status IN (:from)
      """),

  /** DeliveryLedger#sentLate. */
  SENT_LATE(
      "conversation/DeliveryLedger.java",
      """
      UPDATE messages
         SET provider_message_id = COALESCE(provider_message_id, ?),
             sent_at = COALESCE(sent_at, ?)
       WHERE id = ?
      """),

  /** MessageRepository#find, the message a delivery answers with. */
  FIND_MESSAGE(
      "conversation/MessageRepository.java",
      "SELECT " + Columns.MESSAGE + " FROM messages WHERE id = ?",
      " FROM messages WHERE id = ?\""),

  /** EarlyStatuses#take, on every send the gateway reports. */
  TAKE_EARLY_STATUSES(
      "delivery/EarlyStatuses.java",
      """
      SELECT company_id, channel_id, provider_message_id, status, error, received_at
        FROM early_provider_statuses
       WHERE channel_id = ? AND provider_message_id = ?
      """),

  /** EarlyStatuses#receivedBetween, the sweeper's look. */
  EARLY_STATUSES_RECEIVED_BETWEEN(
      "delivery/EarlyStatuses.java",
      """
      SELECT e.company_id, e.channel_id, e.provider_message_id, e.status, e.error,
             e.received_at,
             EXISTS (SELECT 1
                       FROM messages m
                       JOIN conversations c ON c.id = m.conversation_id
                      WHERE m.company_id = e.company_id
                        AND m.provider_message_id = e.provider_message_id
                        AND c.channel_id = e.channel_id
                        AND m.delivery_status IS NOT NULL) AS message_known
        FROM early_provider_statuses e
       WHERE e.received_at >= ? AND e.received_at < ?
       ORDER BY e.received_at
       LIMIT ?
      """),

  /** EarlyStatuses#dropOlderThan. */
  DROP_EARLY_STATUSES(
      "delivery/EarlyStatuses.java",
      "DELETE FROM early_provider_statuses WHERE received_at < ? LIMIT 1000");

  private final String source;
  private final String sql;
  private final String[] literals;

  DeliveryStatement(String source, String sql, String... literals) {
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
