package com.omnichannel.api.webhook;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ContactRepository {

  private final JdbcClient jdbc;

  ContactRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The id of the company's contact with this address, created if there is none. One statement, so
   * concurrent first messages agree on one contact through the unique keys.
   */
  long findOrCreate(long companyId, ContactAddress address) {
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
