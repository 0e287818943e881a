package com.omnichannel.api.provider;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the provider webhooks stored, read back with SQL, and the outbound messages their status
 * tests need (committed in a transaction, as the pool does not autocommit).
 */
public final class StoredMessages {

  /** A contact's message as stored, with its contact. */
  public record Stored(
      long conversationId,
      String type,
      String content,
      Map<String, Object> media,
      String contactName,
      String phone,
      String telegramChatId) {}

  /** An outbound message's delivery as stored. */
  public record Delivery(String status, String error) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public StoredMessages(JdbcClient jdbc, TransactionTemplate transaction) {
    this.jdbc = jdbc;
    this.transaction = transaction;
  }

  /** How many messages of the channel have the provider's id. */
  public long count(long channelId, String channelMessageId) {
    return jdbc.sql("SELECT COUNT(*) FROM messages WHERE channel_id = ? AND channel_message_id = ?")
        .params(channelId, channelMessageId)
        .query(Long.class)
        .single();
  }

  @SuppressWarnings("unchecked")
  public Optional<Stored> find(long channelId, String channelMessageId) {
    return jdbc.sql(
            """
            SELECT m.conversation_id, m.type, m.content, m.media, c.name, c.phone,
                   c.telegram_chat_id
              FROM messages m
              JOIN conversations v ON v.id = m.conversation_id
              JOIN contacts c ON c.id = v.contact_id
             WHERE m.channel_id = ? AND m.channel_message_id = ?
            """)
        .params(channelId, channelMessageId)
        .query(
            (rs, row) ->
                new Stored(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4) == null ? null : JSON.readValue(rs.getString(4), Map.class),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7)))
        .optional();
  }

  public Stored get(long channelId, String channelMessageId) {
    return find(channelId, channelMessageId)
        .orElseThrow(() -> new AssertionError("No message " + channelMessageId + " stored"));
  }

  /**
   * An AI reply in the conversation that its provider took under {@code providerMessageId}: sent,
   * so that the provider's statuses move it on. Its id.
   */
  public long sentReply(long conversationId, String providerMessageId) {
    return transaction.execute(
        tx -> {
          jdbc.sql(
                  """
                  INSERT INTO messages (company_id, conversation_id, sender, author_id, content,
                                        delivery_status, delivery_attempts, provider_message_id,
                                        sent_at)
                  SELECT company_id, id, 'ai', owner_id, 'Here is your answer', 'sent', 1, ?, ?
                    FROM conversations WHERE id = ?
                  """)
              .params(providerMessageId, LocalDateTime.now(ZoneOffset.UTC), conversationId)
              .update();
          return jdbc.sql("SELECT id FROM messages WHERE provider_message_id = ?")
              .param(providerMessageId)
              .query(Long.class)
              .single();
        });
  }

  public Delivery delivery(String providerMessageId) {
    return jdbc.sql(
            "SELECT delivery_status, delivery_error FROM messages WHERE provider_message_id = ?")
        .param(providerMessageId)
        .query((rs, row) -> new Delivery(rs.getString(1), rs.getString(2)))
        .single();
  }
}
