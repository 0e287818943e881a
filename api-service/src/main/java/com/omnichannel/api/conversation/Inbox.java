package com.omnichannel.api.conversation;

import static com.omnichannel.api.conversation.ConversationRepository.instant;
import static com.omnichannel.api.conversation.ConversationRepository.utc;

import com.omnichannel.api.company.User;
import com.omnichannel.api.web.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company's conversations, most recent activity (the latest message) first, paged by an opaque
 * cursor over {@code (last_message_at, id)}: a page never repeats or skips a conversation that did
 * not move meanwhile.
 */
@Service
public class Inbox {

  private static final Set<String> STATUSES = Set.of(Conversation.OPEN, Conversation.RESOLVED);
  private static final Set<String> OWNER_TYPES = Set.of(InboxEntry.AI, InboxEntry.HUMAN);

  private static final String SELECT =
      """
      SELECT c.id, c.company_id, c.channel_id, c.contact_id, c.owner_id, u.role, c.status,
             c.created_at, c.updated_at, c.last_message_at
        FROM conversations c
        JOIN users u ON u.id = c.owner_id
      """;

  private static final RowMapper<InboxEntry> ENTRY =
      (rs, row) ->
          new InboxEntry(
              rs.getLong("id"),
              rs.getLong("company_id"),
              rs.getLong("channel_id"),
              rs.getLong("contact_id"),
              rs.getLong("owner_id"),
              User.AI.equals(rs.getString("role")) ? InboxEntry.AI : InboxEntry.HUMAN,
              rs.getString("status"),
              instant(rs, "created_at"),
              instant(rs, "updated_at"),
              instant(rs, "last_message_at"));

  private final JdbcClient jdbc;

  Inbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * What to list; null fields do not filter.
   *
   * @param ownerType {@code ai} or {@code human}
   */
  public record Filter(String status, String ownerType, Long ownerId, Long channelId) {

    public Filter {
      if (status != null && !STATUSES.contains(status)) {
        throw new InvalidRequestException("status must be open or resolved, not '" + status + "'");
      }
      if (ownerType != null && !OWNER_TYPES.contains(ownerType)) {
        throw new InvalidRequestException(
            "owner_type must be ai or human, not '" + ownerType + "'");
      }
    }
  }

  /**
   * One page of the inbox.
   *
   * @param next the cursor of the page after it; null when this is the last
   */
  public record Page(List<InboxEntry> entries, String next) {}

  /**
   * @param cursor the {@code next} of the page before, or null for the first page
   * @throws InvalidRequestException when the cursor is not one this API gave
   */
  @Transactional(readOnly = true)
  public Page list(long companyId, Filter filter, String cursor, int limit) {
    StringBuilder sql = new StringBuilder(SELECT + " WHERE c.company_id = :company");
    Map<String, Object> params = new HashMap<>();
    params.put("company", companyId);
    if (filter.status() != null) {
      sql.append(" AND c.status = :status");
      params.put("status", filter.status());
    }
    if (filter.ownerType() != null) {
      sql.append(
          InboxEntry.AI.equals(filter.ownerType()) ? " AND u.role = :ai" : " AND u.role <> :ai");
      params.put("ai", User.AI);
    }
    if (filter.ownerId() != null) {
      sql.append(" AND c.owner_id = :owner");
      params.put("owner", filter.ownerId());
    }
    if (filter.channelId() != null) {
      sql.append(" AND c.channel_id = :channel");
      params.put("channel", filter.channelId());
    }
    if (cursor != null) {
      Position after = Position.decode(cursor);
      sql.append(" AND (c.last_message_at < :at OR (c.last_message_at = :at AND c.id < :id))");
      params.put("at", utc(after.lastMessageAt()));
      params.put("id", after.id());
    }
    sql.append(" ORDER BY c.last_message_at DESC, c.id DESC LIMIT :limit");
    params.put("limit", limit + 1);
    List<InboxEntry> rows = jdbc.sql(sql.toString()).params(params).query(ENTRY).list();
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    InboxEntry last = rows.get(limit - 1);
    return new Page(rows.subList(0, limit), new Position(last.lastMessageAt(), last.id()).encode());
  }

  /** These conversations as the inbox shows them, in no particular order. */
  List<InboxEntry> entries(Collection<Long> ids) {
    return jdbc.sql(SELECT + " WHERE c.id IN (:ids)").param("ids", ids).query(ENTRY).list();
  }

  /** Where a page ended. */
  record Position(Instant lastMessageAt, long id) {

    String encode() {
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, lastMessageAt);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(("v1:" + micros + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
        if (parts.length != 3 || !parts[0].equals("v1")) {
          throw new IllegalArgumentException(cursor);
        }
        return new Position(
            Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS),
            Long.parseLong(parts[2]));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("cursor is not one this API gave out");
      }
    }
  }
}
