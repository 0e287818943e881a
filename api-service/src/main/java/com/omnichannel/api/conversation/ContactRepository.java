package com.omnichannel.api.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Repository
class ContactRepository {

  /**
   * Recent senders, as the inbox shows them. A contact is never deleted and its address never
   * changes, so an id once committed stays right; contacts are remembered only after their
   * transaction commits, so a rolled-back insert is never handed out. The name is the one stored
   * when it was remembered (a remembered sender's later messages do not replace it, see {@link
   * #upsert}).
   */
  private final Cache<Key, InboxEntry.Contact> ids =
      Caffeine.newBuilder().maximumSize(100_000).build();

  private static final int MAX_NAME_LENGTH = 200;

  private final JdbcClient jdbc;

  private record Key(long companyId, ContactAddress address) {}

  ContactRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The id of the company's contact with this address, created if there is none. One statement, so
   * concurrent first messages agree on one contact through the unique keys.
   */
  InboxEntry.Contact findOrCreate(long companyId, ContactAddress address, String name) {
    var key = new Key(companyId, address);
    InboxEntry.Contact known = ids.getIfPresent(key);
    if (known != null) {
      return known;
    }
    long contactId = upsert(companyId, address, name);
    // The name the upsert kept (the one stored before, or this one), once per sender remembered.
    InboxEntry.Contact contact =
        new InboxEntry.Contact(
            contactId,
            jdbc.sql("SELECT name FROM contacts WHERE id = ?")
                .param(contactId)
                .query(String.class)
                .single(),
            address.phone(),
            address.email(),
            address.telegramChatId());
    // Throws outside a transaction: an id is remembered only once its row has committed.
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            ids.put(key, contact);
          }
        });
    return contact;
  }

  /**
   * Inserts the contact, or finds the one with this address. A name the provider tells replaces a
   * name that was only the address.
   */
  /** Names longer than the column are cut. */
  private static String cut(String name) {
    return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH);
  }

  private long upsert(long companyId, ContactAddress address, String name) {
    var keys = new GeneratedKeyHolder();
    String fallback = address.fallbackName();
    jdbc.sql(
            """
            INSERT INTO contacts (company_id, name, phone, email, telegram_chat_id)
            VALUES (?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id),
                   name = IF(VALUES(name) <> ? AND name = ?, VALUES(name), name)
            """)
        .params(
            companyId,
            name == null || name.isBlank() ? fallback : cut(name.strip()),
            address.phone(),
            address.email(),
            address.telegramChatId(),
            fallback,
            fallback)
        .update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }
}
