package com.omnichannel.api.conversation;

import static com.omnichannel.api.conversation.ConversationRepository.instant;
import static com.omnichannel.api.conversation.ConversationRepository.utc;

import com.omnichannel.api.sql.MultiRowInsert;
import com.omnichannel.contracts.ConversationTurn;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Messages of conversations, oldest first. Only {@link Conversations} writes through it. */
@Repository
class MessageRepository {

  private final RowMapper<Message> messageRow =
      (rs, row) ->
          new Message(
              rs.getLong("id"),
              rs.getLong("conversation_id"),
              Sender.of(rs.getString("sender")),
              rs.getString("content"),
              instant(rs, "created_at"),
              rs.getObject("author_id", Long.class),
              rs.getObject("in_reply_to", Long.class),
              DeliveryStatus.of(rs.getString("delivery_status")),
              rs.getString("delivery_status") == null ? null : rs.getInt("delivery_attempts"),
              rs.getString("delivery_error"),
              rs.getString("provider_message_id"),
              MessageType.of(rs.getString("type")),
              media(rs.getString("media")));

  private static final String COLUMNS =
      """
      id, conversation_id, sender, content, created_at, author_id, in_reply_to, delivery_status,
      delivery_attempts, delivery_error, provider_message_id, type, media
      """;

  /** An AI reply and the time it is stored at. */
  private record StoredReply(AiReply reply, LocalDateTime created) {}

  private final MultiRowInsert<StoredReply> aiReplies =
      new MultiRowInsert<>(
          """
          messages (company_id, conversation_id, sender, author_id, content, in_reply_to,
                    created_at, delivery_status, delivery_due_at, trace_parent)
          """,
          "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          (statement, first, stored) -> {
            AiReply reply = stored.reply();
            statement.setLong(first, reply.companyId());
            statement.setLong(first + 1, reply.conversationId());
            statement.setString(first + 2, Sender.AI.spelling());
            statement.setLong(first + 3, reply.authorId());
            statement.setString(first + 4, reply.text());
            statement.setLong(first + 5, reply.inReplyTo());
            statement.setObject(first + 6, stored.created());
            statement.setString(first + 7, DeliveryStatus.PENDING.spelling());
            statement.setObject(first + 8, stored.created());
            statement.setString(first + 9, reply.traceParent());
          });

  private final JdbcClient jdbc;
  private final JdbcTemplate jdbcTemplate;
  private final JsonMapper json;

  MessageRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json) {
    this.jdbc = jdbc;
    this.jdbcTemplate = jdbcTemplate;
    this.json = json;
  }

  private Media media(String stored) {
    return stored == null ? null : json.readValue(stored, Media.class);
  }

  /**
   * Stores a contact's message.
   *
   * @throws org.springframework.dao.DuplicateKeyException when the provider already delivered a
   *     message with this id on this channel
   */
  Message insertInbound(
      long companyId, long conversationId, long channelId, InboundMessage inbound, Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO messages
                   (company_id, conversation_id, sender, content, channel_id, channel_message_id,
                    created_at, type, media)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            companyId,
            conversationId,
            Sender.CONTACT.spelling(),
            inbound.text(),
            channelId,
            inbound.channelMessageId(),
            utc(at),
            inbound.type().spelling(),
            inbound.media() == null ? null : json.writeValueAsString(inbound.media()))
        .update(keys, "id");
    return new Message(
        keys.getKeyAs(Number.class).longValue(),
        conversationId,
        Sender.CONTACT,
        inbound.text(),
        at,
        null,
        null,
        null,
        null,
        null,
        null,
        inbound.type(),
        inbound.media());
  }

  /**
   * Stores an agent's message, pending delivery, with the trace of the request that posted it;
   * returns its id.
   */
  long insertFromAgent(
      long companyId,
      long conversationId,
      long authorId,
      String text,
      Instant at,
      String traceParent) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO messages
                   (company_id, conversation_id, sender, author_id, content, created_at,
                    delivery_status, trace_parent)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            companyId,
            conversationId,
            Sender.AGENT.spelling(),
            authorId,
            text,
            utc(at),
            DeliveryStatus.PENDING.spelling(),
            traceParent)
        .update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }

  Optional<Message> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE id = ?")
        .param(id)
        .query(messageRow)
        .optional();
  }

  List<Message> findAll(Collection<Long> ids) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE id IN (:ids)")
        .param("ids", ids)
        .query(messageRow)
        .list();
  }

  /** The stored replies to these inbound messages, in the order they were stored. */
  List<Message> repliesTo(Collection<Long> inboundIds) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE in_reply_to IN (:ids) ORDER BY id")
        .param("ids", inboundIds)
        .query(messageRow)
        .list();
  }

  /** These inbound messages, by id, in one query; ids of no message are left out. */
  Map<Long, Question> questions(Collection<Long> inboundIds) {
    Map<Long, Question> questions = new HashMap<>();
    if (inboundIds.isEmpty()) {
      return questions;
    }
    jdbc.sql(
            """
            SELECT q.id, q.company_id, q.conversation_id, q.created_at, r.id AS reply_id
              FROM messages q
              LEFT JOIN messages r ON r.in_reply_to = q.id
             WHERE q.id IN (:ids)
            """)
        .param("ids", inboundIds)
        .query(
            rs -> {
              questions.put(
                  rs.getLong("id"),
                  new Question(
                      rs.getLong("company_id"),
                      rs.getLong("conversation_id"),
                      instant(rs, "created_at"),
                      rs.getObject("reply_id", Long.class) != null));
            });
    return questions;
  }

  /**
   * Stores AI replies in one batch, pending delivery and due for it at once.
   *
   * @throws org.springframework.dao.DuplicateKeyException when one of the messages got a reply
   *     since {@link #questions} looked
   */
  void insertAiReplies(List<AiReply> replies, Instant at) {
    LocalDateTime created = utc(at);
    aiReplies.insert(
        jdbcTemplate, replies.stream().map(reply -> new StoredReply(reply, created)).toList());
  }

  /** The conversation that already holds a provider's message, if it was delivered before. */
  Optional<Long> conversationOfDelivered(long channelId, String channelMessageId) {
    return jdbc.sql(
            """
            SELECT conversation_id
              FROM messages
             WHERE channel_id = ? AND channel_message_id = ?
            """)
        .params(channelId, channelMessageId)
        .query(Long.class)
        .optional();
  }

  /** Up to {@code limit} messages with ids above {@code afterId}, oldest first. */
  List<Message> page(long conversationId, long afterId, int limit) {
    return jdbc.sql(
            """
            SELECT %s
              FROM messages
             WHERE conversation_id = ? AND id > ?
             ORDER BY id
             LIMIT ?
            """
                .formatted(COLUMNS))
        .params(conversationId, afterId, limit)
        .query(messageRow)
        .list();
  }

  /**
   * The conversation's messages before {@code beforeId}, newest first, as much of them as a model
   * is given ({@link ConversationTurn#lastFitting}), oldest first.
   */
  List<ConversationTurn> turnsBefore(long conversationId, long beforeId) {
    List<ConversationTurn> newestFirst =
        jdbc.sql(
                """
                SELECT sender, content
                  FROM messages
                 WHERE conversation_id = ? AND id < ?
                 ORDER BY id DESC
                 LIMIT ?
                """)
            .params(conversationId, beforeId, ConversationTurn.MAX_TURNS)
            .query((rs, row) -> new ConversationTurn(rs.getString(1), rs.getString(2)))
            .list();
    return ConversationTurn.lastFitting(newestFirst);
  }
}
