package com.omnichannel.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: random, shown once, stored only as SHA-256 hashes. A key's first characters are kept in
 * clear as a prefix so a company can tell its keys apart.
 */
@Repository
public class ApiKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PREFIX_LENGTH = 8;

  private final JdbcClient jdbc;

  ApiKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A key as listed: never the key itself. */
  public record ApiKey(long id, String keyPrefix, Instant createdAt, Instant revokedAt) {}

  /** A key just issued: the only time the secret is seen. */
  public record IssuedKey(long id, String apiKey) {}

  /** The principal of a valid, unrevoked key. */
  Optional<CompanyPrincipal> authenticate(String apiKey) {
    return jdbc.sql("SELECT company_id, id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
        .param(sha256(apiKey))
        .query((rs, row) -> new CompanyPrincipal(rs.getLong("company_id"), rs.getLong("id")))
        .optional();
  }

  @Transactional
  public IssuedKey issue(long companyId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String apiKey = "omni_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    var keys = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO api_keys (company_id, key_hash, key_prefix) VALUES (?, ?, ?)")
        .params(companyId, sha256(apiKey), apiKey.substring(0, PREFIX_LENGTH))
        .update(keys, "id");
    return new IssuedKey(keys.getKeyAs(Number.class).longValue(), apiKey);
  }

  public List<ApiKey> of(long companyId) {
    return jdbc.sql(
            """
            SELECT id, key_prefix, created_at, revoked_at
              FROM api_keys
             WHERE company_id = ?
             ORDER BY id
            """)
        .param(companyId)
        .query(
            (rs, row) ->
                new ApiKey(
                    rs.getLong("id"),
                    rs.getString("key_prefix"),
                    utc(rs.getObject("created_at", LocalDateTime.class)),
                    utc(rs.getObject("revoked_at", LocalDateTime.class))))
        .list();
  }

  /** Revokes one of the company's keys; false when it has no such key. */
  @Transactional
  public boolean revoke(long companyId, long keyId) {
    return jdbc.sql(
                """
                UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?)
                 WHERE id = ? AND company_id = ?
                """)
            .params(LocalDateTime.now(ZoneOffset.UTC), keyId, companyId)
            .update()
        == 1;
  }

  static String sha256(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  private static Instant utc(LocalDateTime value) {
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
