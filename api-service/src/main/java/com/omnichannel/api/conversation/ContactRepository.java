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
   * Contact ids of recent senders. A contact is never deleted and its address never changes, so an
   * id once committed stays right; ids are remembered only after their transaction commits, so a
   * rolled-back insert is never handed out.
   */
  private final Cache<Key, Long> ids = Caffeine.newBuilder().maximumSize(100_000).build();

  private final JdbcClient jdbc;

  private record Key(long companyId, ContactAddress address) {}

  ContactRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The id of the company's contact with this address, created if there is none. One statement, so
   * concurrent first messages agree on one contact through the unique keys.
   */
  long findOrCreate(long companyId, ContactAddress address) {
    var key = new Key(companyId, address);
    Long known = ids.getIfPresent(key);
    if (known != null) {
      return known;
    }
    long id = upsert(companyId, address);
    // Throws outside a transaction: an id is remembered only once its row has committed.
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            ids.put(key, id);
          }
        });
    return id;
  }

  private long upsert(long companyId, ContactAddress address) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO contacts (company_id, name, phone, email)
            VALUES (?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)
            """)
        .params(
            companyId,
            address.email() != null ? address.email() : address.phone(),
            address.phone(),
            address.email())
        .update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }
}
