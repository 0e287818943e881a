package com.omnichannel.api;

import com.omnichannel.api.company.Channel;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Committed rows for tests that need a conversation of company 1 (on channel 1 unless they name
 * another of its channels), each with a contact of its own. The pool's connections are not in
 * autocommit mode, so fixtures commit in a transaction as the application does.
 */
public final class TestConversations {

  /** A new conversation and its contact, with the contact's phone number. */
  public record Created(long contactId, long conversationId, String phone) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public TestConversations(JdbcClient jdbc, TransactionTemplate transaction) {
    this.jdbc = jdbc;
    this.transaction = transaction;
  }

  public Created ownedBy(long ownerId) {
    return onChannel(1, ownerId);
  }

  /** A new conversation of company 1 on its channel {@code channelId}, owned by {@code ownerId}. */
  public Created onChannel(long channelId, long ownerId) {
    return transaction.execute(tx -> insert(channelId, ownerId));
  }

  /** A committed contact message in the conversation (as the webhook stores it); its id. */
  public long inboundMessage(long conversationId) {
    return transaction.execute(tx -> insertInbound(conversationId));
  }

  private long insertInbound(long conversationId) {
    String providerId = UUID.randomUUID().toString();
    jdbc.sql(
            """
            INSERT INTO messages (company_id, conversation_id, sender, content, channel_id, channel_message_id)
            VALUES (1, ?, 'contact', 'question', 1, ?)
            """)
        .params(conversationId, providerId)
        .update();
    return jdbc.sql("SELECT id FROM messages WHERE channel_message_id = ?")
        .param(providerId)
        .query(Long.class)
        .single();
  }

  private Created insert(long channelId, long ownerId) {
    String phone = "+1333" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    jdbc.sql("INSERT INTO contacts (company_id, name, phone) VALUES (1, 'Test contact', ?)")
        .param(phone)
        .update();
    long contact =
        jdbc.sql("SELECT id FROM contacts WHERE phone = ?").param(phone).query(Long.class).single();
    jdbc.sql(
            "INSERT INTO conversations (company_id, channel_id, contact_id, owner_id) VALUES (1, ?, ?, ?)")
        .params(channelId, contact, ownerId)
        .update();
    long conversation =
        jdbc.sql("SELECT id FROM conversations WHERE contact_id = ?")
            .param(contact)
            .query(Long.class)
            .single();
    return new Created(contact, conversation, phone);
  }

  /** A new company with one channel of {@code type}, and no users; the channel. */
  public Channel companyWithChannel(String type) {
    String name = "Company " + UUID.randomUUID();
    return transaction.execute(
        tx -> {
          jdbc.sql("INSERT INTO companies (name) VALUES (?)").param(name).update();
          long company =
              jdbc.sql("SELECT id FROM companies WHERE name = ?")
                  .param(name)
                  .query(Long.class)
                  .single();
          jdbc.sql("INSERT INTO channels (company_id, name, type) VALUES (?, ?, ?)")
              .params(company, type.toUpperCase(), type)
              .update();
          long channel =
              jdbc.sql("SELECT id FROM channels WHERE company_id = ?")
                  .param(company)
                  .query(Long.class)
                  .single();
          return new Channel(channel, company, type.toUpperCase(), type, null, null);
        });
  }
}
