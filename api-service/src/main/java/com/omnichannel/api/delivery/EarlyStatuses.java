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

  /**
   * Takes (reads and deletes) the statuses waiting for the provider's message on the channel,
   * lowest status first: a primary-key look-up, made for every send the gateway reports. Only the
   * statuses read are deleted: one parked by a webhook whose transaction commits meanwhile is not
   * among them (the read did not see it) but a delete of every status of the message would wait for
   * it and delete it too, and it would be lost. It stays parked, for the sweeper.
   */
  List<Early> take(long channelId, String providerMessageId) {
    List<Early> waiting =
        jdbc.sql(
                """
                SELECT company_id, channel_id, provider_message_id, status, error, received_at
                  FROM early_provider_statuses
                 WHERE channel_id = ? AND provider_message_id = ?
                """)
            .params(channelId, providerMessageId)
            .query(EarlyStatuses::early)
            .list();
    if (!waiting.isEmpty()) {
      jdbc.sql(
              """
              DELETE FROM early_provider_statuses
               WHERE channel_id = :channel AND provider_message_id = :id AND status IN (:statuses)
              """)
          .param("channel", channelId)
          .param("id", providerMessageId)
          .param("statuses", waiting.stream().map(early -> early.status().spelling()).toList())
          .update();
    }
    return waiting.stream()
        .sorted(java.util.Comparator.comparingInt(early -> early.status().ordinal()))
        .toList();
  }

  /** A waiting status as the sweeper sees it: whether its message has the provider id by now. */
  record Seen(Early status, boolean messageKnown) {}

  /**
   * Up to {@code limit} statuses received from {@code from} on and before {@code before}, oldest
   * first, by the index on their arrival, each with whether its message is known by now (a look-up
   * by the messages' provider id index): what the sweeper looks at, in one statement however many
   * are waiting, whatever the tables' sizes. Most waiting statuses are not known yet (their send's
   * report will take them), and a transaction each to find that out cost more than the webhooks.
   */
  List<Seen> receivedBetween(Instant from, Instant before, int limit) {
    return jdbc.sql(
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
            """)
        .params(Timestamp.from(from), Timestamp.from(before), limit)
        .query((rs, row) -> new Seen(early(rs, row), rs.getBoolean("message_known")))
        .list();
  }

  private static Early early(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Early(
        rs.getLong("company_id"),
        rs.getLong("channel_id"),
        rs.getString("provider_message_id"),
        DeliveryStatus.of(rs.getString("status")),
        rs.getString("error"),
        rs.getTimestamp("received_at").toInstant());
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
