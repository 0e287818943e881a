package com.omnichannel.api.plans;

import com.omnichannel.api.conversation.InboxEntry;

/** The select lists the code keeps in constants of its own, and the inbox's statement. */
final class Columns {

  /** ConversationRepository.COLUMNS. */
  static final String CONVERSATION =
      "id, company_id, channel_id, contact_id, owner_id, created_at, updated_at, last_message_at,"
          + " status";

  /** MessageRepository.COLUMNS. */
  static final String MESSAGE =
      """
      id, conversation_id, sender, content, created_at, author_id, in_reply_to, delivery_status,
      delivery_attempts, delivery_error, provider_message_id, type, media
      """;

  /** DeliveryLedger.STATE_COLUMNS. */
  static final String STATE =
      "id, company_id, conversation_id, delivery_status, delivery_attempts, provider_message_id,"
          + " delivery_due_at, created_at";

  /** Inbox#list's statement with {@code filter} after the company. */
  static String inbox(String filter) {
    return InboxEntry.withContactAndLastMessage(
            InboxEntry.SELECT
                + " WHERE c.company_id = :company"
                + filter
                + " ORDER BY c.last_message_at DESC, c.id DESC LIMIT :limit")
        + " ORDER BY p.last_message_at DESC, p.id DESC";
  }

  private Columns() {}
}
