package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.RowMapper;

/**
 * A conversation as the inbox lists it and agents' event streams show it: with its contact's
 * addresses and its latest message, so that a client shows a row without a request per row.
 *
 * @param ownerType whether the AI or a human owns it
 * @param contact who the company talks to
 * @param lastMessage its latest message; null before the first
 */
public record InboxEntry(
    long id,
    long companyId,
    long channelId,
    long contactId,
    long ownerId,
    OwnerType ownerType,
    ConversationStatus status,
    Instant createdAt,
    Instant updatedAt,
    Instant lastMessageAt,
    Contact contact,
    LastMessage lastMessage) {

  /**
   * The contact of a conversation; an address it was never reached at is null.
   *
   * @param telegramChatId the Telegram chat it writes from
   */
  public record Contact(long id, String name, String phone, String email, String telegramChatId) {}

  /**
   * A conversation's latest message, as a list shows it.
   *
   * @param text its content; null for a message without text (media, a location)
   */
  public record LastMessage(long id, Sender sender, String text, Instant createdAt) {}

  /**
   * The conversations a query lists, before the contact and latest message are added: a query adds
   * its {@code WHERE}, and its {@code ORDER BY} and {@code LIMIT} when it pages ({@code c} is the
   * conversation, {@code u} its owner).
   */
  public static final String SELECT =
      """
      SELECT c.id, c.company_id, c.channel_id, c.contact_id, c.owner_id, u.role, c.status,
             c.created_at, c.updated_at, c.last_message_at
        FROM conversations c
        JOIN users u ON u.id = c.owner_id
      """;

  /**
   * The rows of {@code conversations}, a query of {@link #SELECT}, with their contacts and latest
   * messages, for {@link #ROW}. Both are read only for the rows {@code conversations} yields (a
   * page is limited inside it), each by its primary key; the latest message's id is one backward
   * step on {@code messages (conversation_id, id)}: the cost follows the rows listed, never the
   * company's conversations or a conversation's messages. A query adds its {@code ORDER BY} ({@code
   * p} is the conversation).
   */
  public static String withContactAndLastMessage(String conversations) {
    // The middle table computes the latest id in its select list, which keeps it from being
    // merged into the outer query (MySQL and MariaDB both materialize it), so the message is
    // joined by the id's value, on the primary key.
    return """
        SELECT p.*, k.name AS contact_name, k.phone AS contact_phone, k.email AS contact_email,
               k.telegram_chat_id AS contact_telegram_chat_id, m.sender AS last_sender,
               m.content AS last_text, m.created_at AS last_created_at
          FROM (SELECT q.*,
                       (SELECT l.id FROM messages l
                         WHERE l.conversation_id = q.id
                         ORDER BY l.id DESC LIMIT 1) AS last_id
                  FROM (%s) q) p
          JOIN contacts k ON k.id = p.contact_id
          LEFT JOIN messages m ON m.id = p.last_id
        """
        .formatted(conversations);
  }

  /** The entry of a conversation whose writer knows its contact and latest message. */
  static InboxEntry of(
      Conversation conversation, boolean aiOwned, Contact contact, LastMessage lastMessage) {
    return new InboxEntry(
        conversation.id(),
        conversation.companyId(),
        conversation.channelId(),
        conversation.contactId(),
        conversation.ownerId(),
        aiOwned ? OwnerType.AI : OwnerType.HUMAN,
        conversation.status(),
        conversation.createdAt(),
        conversation.updatedAt(),
        conversation.lastMessageAt(),
        contact,
        lastMessage);
  }

  /** Reads a row of {@link #withContactAndLastMessage}. */
  public static final RowMapper<InboxEntry> ROW =
      (rs, row) ->
          new InboxEntry(
              rs.getLong("id"),
              rs.getLong("company_id"),
              rs.getLong("channel_id"),
              rs.getLong("contact_id"),
              rs.getLong("owner_id"),
              OwnerType.of(Role.of(rs.getString("role"))),
              ConversationStatus.parse(rs.getString("status")),
              instant(rs, "created_at"),
              instant(rs, "updated_at"),
              instant(rs, "last_message_at"),
              new Contact(
                  rs.getLong("contact_id"),
                  rs.getString("contact_name"),
                  rs.getString("contact_phone"),
                  rs.getString("contact_email"),
                  rs.getString("contact_telegram_chat_id")),
              lastMessage(rs));

  private static LastMessage lastMessage(ResultSet rs) throws SQLException {
    long id = rs.getLong("last_id");
    if (rs.wasNull()) {
      return null;
    }
    return new LastMessage(
        id,
        Sender.of(rs.getString("last_sender")),
        rs.getString("last_text"),
        instant(rs, "last_created_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    LocalDateTime value = rs.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
