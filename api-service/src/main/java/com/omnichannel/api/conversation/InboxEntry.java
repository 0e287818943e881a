package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.RowMapper;

/**
 * A conversation as the inbox lists it and agents' event streams show it.
 *
 * @param ownerType whether the AI or a human owns it
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
    Instant lastMessageAt) {

  /**
   * The columns {@link #ROW} reads, with the owner's role; a query adds its {@code WHERE} and
   * {@code ORDER BY} ({@code c} is the conversation, {@code u} its owner).
   */
  public static final String SELECT =
      """
      SELECT c.id, c.company_id, c.channel_id, c.contact_id, c.owner_id, u.role, c.status,
             c.created_at, c.updated_at, c.last_message_at
        FROM conversations c
        JOIN users u ON u.id = c.owner_id
      """;

  /** Reads a row of {@link #SELECT}. */
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
              instant(rs, "last_message_at"));

  static InboxEntry of(Conversation conversation, boolean aiOwned) {
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
        conversation.lastMessageAt());
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    LocalDateTime value = rs.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
