package com.omnichannel.api.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which API keys have been revoked, for whoever holds on to a key's authentication past the one
 * request that checked it (an open event stream): revoking a key must end those too.
 */
@Repository
public class KeyRevocations {

  /** Ids asked about in one query, so that the statement stays small whatever is open. */
  static final int IDS_PER_QUERY = 500;

  private final JdbcClient jdbc;

  KeyRevocations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The ones of {@code apiKeyIds} that are revoked (by primary key, a query per 500 ids). */
  @Transactional(readOnly = true)
  public Set<Long> revokedAmong(Collection<Long> apiKeyIds) {
    List<Long> ids = new ArrayList<>(new HashSet<>(apiKeyIds));
    Set<Long> revoked = new HashSet<>();
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
      revoked.addAll(
          jdbc.sql("SELECT id FROM api_keys WHERE id IN (:ids) AND revoked_at IS NOT NULL")
              .param("ids", chunk)
              .query(Long.class)
              .list());
    }
    return revoked;
  }
}
