package com.omnichannel.api.delivery;

import com.omnichannel.api.conversation.DeliveryStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Provider statuses that arrived before the message they are about had its provider id: a provider
 * may call back before the gateway's report of the send is stored. They wait here until the id is
 * recorded (then {@link EarlyStatusSweeper} applies them) or a day has passed.
 */
@Repository
class EarlyStatuses {

  /** A status waiting for its message. */
  record Early(
      long companyId,
      long channelId,
      String providerMessageId,
      DeliveryStatus status,
      String error,
      Instant receivedAt) {}

  private final JdbcClient jdbc;

  EarlyStatuses(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Keeps the status until its message is known; the same status twice is kept once. */
  void park(
      long companyId,
      long channelId,
      String providerMessageId,
      DeliveryStatus status,
      String error,
      Instant now) {
    jdbc.sql(
            """
            INSERT IGNORE INTO early_provider_statuses
                   (company_id, channel_id, provider_message_id, status, error, received_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        .params(
            companyId, channelId, providerMessageId, status.spelling(), error, Timestamp.from(now))
        .update();
  }

  /** Waiting statuses whose message now has its provider id, oldest first. */
  List<Early> matched(int limit) {
    return jdbc.sql(
            """
            SELECT e.company_id, e.channel_id, e.provider_message_id, e.status, e.error,
                   e.received_at
              FROM early_provider_statuses e
             WHERE EXISTS (SELECT 1 FROM messages m
                             JOIN conversations c ON c.id = m.conversation_id
                            WHERE m.company_id = e.company_id
                              AND m.provider_message_id = e.provider_message_id
                              AND c.channel_id = e.channel_id)
             ORDER BY e.received_at
             LIMIT ?
            """)
        .param(limit)
        .query(
            (rs, row) ->
                new Early(
                    rs.getLong("company_id"),
                    rs.getLong("channel_id"),
                    rs.getString("provider_message_id"),
                    DeliveryStatus.of(rs.getString("status")),
                    rs.getString("error"),
                    rs.getTimestamp("received_at").toInstant()))
        .list();
  }

  void remove(Early early) {
    jdbc.sql(
            """
            DELETE FROM early_provider_statuses
             WHERE channel_id = ? AND provider_message_id = ? AND status = ?
            """)
        .params(early.channelId(), early.providerMessageId(), early.status().spelling())
        .update();
  }

  /** Drops statuses that waited since before {@code before}: their message never got the id. */
  int dropOlderThan(Instant before) {
    return jdbc.sql("DELETE FROM early_provider_statuses WHERE received_at < ? LIMIT 1000")
        .param(Timestamp.from(before))
        .update();
  }
}
