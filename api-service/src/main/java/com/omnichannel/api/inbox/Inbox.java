package com.omnichannel.api.inbox;

import com.omnichannel.api.company.Role;
import com.omnichannel.api.conversation.InboxEntry;
import com.omnichannel.api.conversation.OwnerType;
import com.omnichannel.api.web.InvalidRequestException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company's conversations, most recent activity (the latest message) first, paged by an opaque
 * cursor over {@code (last_message_at, id)}: a page never repeats or skips a conversation that did
 * not move meanwhile. Each entry carries its contact and its latest message, read for the page's
 * rows only.
 */
@Service
class Inbox {

  private final JdbcClient jdbc;

  Inbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @param cursor the {@code next} of the page before, or null for the first page
   * @throws InvalidRequestException when the cursor is not one this API gave
   */
  @Transactional(readOnly = true)
  InboxPage list(long companyId, InboxFilter filter, String cursor, int limit) {
    StringBuilder sql = new StringBuilder(InboxEntry.SELECT + " WHERE c.company_id = :company");
    Map<String, Object> params = new HashMap<>();
    params.put("company", companyId);
    if (filter.status() != null) {
      sql.append(" AND c.status = :status");
      params.put("status", filter.status().spelling());
    }
    if (filter.ownerType() != null) {
      sql.append(filter.ownerType() == OwnerType.AI ? " AND u.role = :ai" : " AND u.role <> :ai");
      params.put("ai", Role.AI.spelling());
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
      InboxCursor after = InboxCursor.decode(cursor);
      sql.append(" AND (c.last_message_at < :at OR (c.last_message_at = :at AND c.id < :id))");
      params.put("at", LocalDateTime.ofInstant(after.lastMessageAt(), ZoneOffset.UTC));
      params.put("id", after.id());
    }
    sql.append(" ORDER BY c.last_message_at DESC, c.id DESC LIMIT :limit");
    params.put("limit", limit + 1);
    // The page is limited first; its contacts and latest messages are read for its rows only.
    String page =
        InboxEntry.withContactAndLastMessage(sql.toString())
            + " ORDER BY p.last_message_at DESC, p.id DESC";
    List<InboxEntry> rows = jdbc.sql(page).params(params).query(InboxEntry.ROW).list();
    if (rows.size() <= limit) {
      return new InboxPage(rows, null);
    }
    InboxEntry last = rows.get(limit - 1);
    return new InboxPage(
        rows.subList(0, limit), new InboxCursor(last.lastMessageAt(), last.id()).encode());
  }
}
