package com.omnichannel.api.plans;

import com.omnichannel.api.conversation.InboxEntry;

/**
 * The statements of webhook intake ({@code InboundMessages#append} and what it calls) and of
 * storing AI replies ({@code AiReplies#store}, {@code Conversations#appendAiReplies}), as the code
 * builds them.
 */
enum IntakeStatement implements HotStatement {

  // ---- Webhook intake: InboundMessages#append and what it calls ----------------------------

  /** ContactRepository#findOrCreate, the name the upsert kept. */
  CONTACT_NAME("conversation/ContactRepository.java", "SELECT name FROM contacts WHERE id = ?"),

  /** ConversationRepository#latestId, read without a lock before a group of messages is stored. */
  LATEST_CONVERSATION_ID(
      "conversation/ConversationRepository.java",
      """
      SELECT id FROM conversations
       WHERE channel_id = ? AND contact_id = ?
       ORDER BY thread_no DESC
       LIMIT 1
      """),

  /** ConversationRepository#lockLatest (LOCK_LATEST with OWNER_ROLE). */
  LOCK_LATEST_CONVERSATION(
      "conversation/ConversationRepository.java",
      """
      SELECT c.id, c.company_id, c.channel_id, c.contact_id, c.owner_id, c.created_at,
             c.updated_at, c.last_message_at, c.status, (\
      SELECT u.role FROM users u WHERE u.id = c.owner_id LOCK IN SHARE MODE\
      ) AS role
        FROM conversations c
       WHERE c.channel_id = ? AND c.contact_id = ?
       ORDER BY c.thread_no DESC
       LIMIT 1
         FOR UPDATE
      """,
      "WHERE c.channel_id = ? AND c.contact_id = ? ORDER BY c.thread_no DESC LIMIT 1 FOR UPDATE",
      "SELECT u.role FROM users u WHERE u.id = c.owner_id LOCK IN SHARE MODE"),

  /** MessageRepository#conversationOfDelivered, a provider's retry. */
  CONVERSATION_OF_DELIVERED(
      "conversation/MessageRepository.java",
      """
      SELECT conversation_id
        FROM messages
       WHERE channel_id = ? AND channel_message_id = ?
      """),

  /** ConversationRepository#find. */
  FIND_CONVERSATION(
      "conversation/ConversationRepository.java",
      "SELECT " + Columns.CONVERSATION + " FROM conversations WHERE id = ? AND company_id = ?",
      " FROM conversations WHERE id = ? AND company_id = ?\""),

  /** ConversationRepository#lock. */
  LOCK_CONVERSATION(
      "conversation/ConversationRepository.java",
      "SELECT "
          + Columns.CONVERSATION
          + " FROM conversations WHERE id = ? AND company_id = ? FOR UPDATE",
      " FROM conversations WHERE id = ? AND company_id = ? FOR UPDATE\""),

  /** ConversationRepository#inboundStored. */
  INBOUND_STORED(
      "conversation/ConversationRepository.java",
      """
      UPDATE conversations
         SET updated_at = ?, last_message_at = ?, status = ?
       WHERE id = ?
      """),

  /** MessageRepository#turnsBefore, the model's context. */
  TURNS_BEFORE(
      "conversation/MessageRepository.java",
      """
      SELECT sender, content
        FROM messages
       WHERE conversation_id = ? AND id < ?
       ORDER BY id DESC
       LIMIT ?
      """),

  /** ConversationRepository#entries, what ChangeLog reads at commit. */
  INBOX_ENTRIES(
      "conversation/ConversationRepository.java",
      InboxEntry.withContactAndLastMessage(InboxEntry.SELECT + " WHERE c.id IN (:ids)"),
      "InboxEntry.withContactAndLastMessage(InboxEntry.SELECT + \" WHERE c.id IN (:ids)\")"),

  /** MessageRepository#findAll, what ChangeLog reads at commit. */
  FIND_MESSAGES(
      "conversation/MessageRepository.java",
      "SELECT " + Columns.MESSAGE + " FROM messages WHERE id IN (:ids)",
      " FROM messages WHERE id IN (:ids)\""),

  // ---- AI replies: AiReplies#store and Conversations#appendAiReplies ------------------------

  /** ConversationRepository#lockOwners (LOCK_OWNERS with OWNER_ROLE). */
  LOCK_OWNERS(
      "conversation/ConversationRepository.java",
      """
      SELECT c.id, c.company_id, c.owner_id, (\
      SELECT u.role FROM users u WHERE u.id = c.owner_id LOCK IN SHARE MODE\
      ) AS role
        FROM conversations c
       WHERE c.id IN (:ids)
       ORDER BY c.id
         FOR UPDATE
      """,
      "WHERE c.id IN (:ids) ORDER BY c.id FOR UPDATE"),

  /** MessageRepository#questions. */
  QUESTIONS(
      "conversation/MessageRepository.java",
      """
      SELECT q.id, q.company_id, q.conversation_id, q.created_at, r.id AS reply_id
        FROM messages q
        LEFT JOIN messages r ON r.in_reply_to = q.id
       WHERE q.id IN (:ids)
      """),

  /** ConversationRepository#messagesStored. */
  MESSAGES_STORED(
      "conversation/ConversationRepository.java",
      """
      UPDATE conversations
         SET updated_at = :at, last_message_at = :at
       WHERE id IN (:ids)
      """),

  /** MessageRepository#repliesTo. */
  REPLIES_TO(
      "conversation/MessageRepository.java",
      "SELECT " + Columns.MESSAGE + " FROM messages WHERE in_reply_to IN (:ids) ORDER BY id",
      " FROM messages WHERE in_reply_to IN (:ids) ORDER BY id\""),

  /** ConversationRepository#changeOwner, a hand-off. */
  CHANGE_OWNER(
      "conversation/ConversationRepository.java",
      "UPDATE conversations SET owner_id = ?, updated_at = ? WHERE id = ?");

  private final String source;
  private final String sql;
  private final String[] literals;

  IntakeStatement(String source, String sql, String... literals) {
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
