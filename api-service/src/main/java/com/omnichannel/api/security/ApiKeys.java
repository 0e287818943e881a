package com.omnichannel.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.omnichannel.api.ratelimit.LimitsProperties;
import com.omnichannel.api.web.ConflictException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API keys: random, shown once, stored only as SHA-256 hashes. A key's first characters are kept in
 * clear as a prefix so a company can tell its keys apart.
 *
 * <p>Every call presents a key, so a valid one is taken from memory for {@link #VALID_FOR}: a
 * revocation takes effect at once on the instance that made it, and within that time on the others.
 * After that the key is checked again, and a key once found valid (and used within {@link
 * #KNOWN_FOR}) is re-checked outside the budget of failed look-ups: callers sending made-up keys
 * spend that budget, and must not lock out the keys that work. A presented string that is not
 * shaped like a key is refused without a look-up, and a well-formed one not known to be valid goes
 * through {@link FailedLookups}.
 */
@Repository
public class ApiKeys {

  static final Duration VALID_FOR = Duration.ofSeconds(5);

  /** How long a valid key nobody presents is still known, and re-checked outside the budget. */
  static final Duration KNOWN_FOR = Duration.ofMinutes(10);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PREFIX_LENGTH = 8;

  /** What {@link #issue} makes: {@code omni_} and 32 random bytes in unpadded base64url. */
  private static final Pattern ISSUED = Pattern.compile("omni_[A-Za-z0-9_-]{43}");

  /** The demo seed's two keys (Liquibase context {@code demo}), older than the format. */
  private static final Set<String> DEMO_KEYS = Set.of("acme-demo-key", "globex-demo-key");

  private final JdbcClient jdbc;
  private final FailedLookups failedLookups;
  private final int cap;
  private final Ticker ticker;

  /** Keys found valid, by hash, with when they were last checked (ticker nanos). */
  private final Cache<String, Known> valid;

  /** Counts revocations, so a look-up that raced one does not remember what it revoked. */
  private long revocations;

  @Autowired
  ApiKeys(JdbcClient jdbc, FailedLookups failedLookups, LimitsProperties limits) {
    this(jdbc, failedLookups, limits, Ticker.systemTicker());
  }

  /** With {@code ticker} as the clock of what is remembered. */
  ApiKeys(JdbcClient jdbc, FailedLookups failedLookups, LimitsProperties limits, Ticker ticker) {
    this.jdbc = jdbc;
    this.failedLookups = failedLookups;
    this.cap = limits.apiKeysPerCompany();
    this.ticker = ticker;
    this.valid =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(10_000)
            .expireAfterWrite(KNOWN_FOR)
            .build();
  }

  private record Known(CompanyPrincipal principal, long checkedAt) {}

  /** A key as listed: never the key itself. */
  public record ApiKey(long id, String keyPrefix, Instant createdAt, Instant revokedAt) {}

  /** A key just issued: the only time the secret is seen. */
  public record IssuedKey(long id, String apiKey) {}

  /** Whether {@code apiKey} could be one of ours at all. */
  static boolean wellFormed(String apiKey) {
    return apiKey != null && (ISSUED.matcher(apiKey).matches() || DEMO_KEYS.contains(apiKey));
  }

  /**
   * The principal of a valid, unrevoked key, presented from {@code address}.
   *
   * @throws com.omnichannel.api.ratelimit.RateLimitExceededException when the key is not known to
   *     be valid, would need a look-up, and this instance has made its share of failed ones this
   *     second (for that address or for all)
   */
  Optional<CompanyPrincipal> authenticate(String apiKey, String address) {
    if (!wellFormed(apiKey)) {
      return Optional.empty();
    }
    String hash = sha256(apiKey);
    long now = ticker.read();
    Known known = valid.getIfPresent(hash);
    if (known != null && now - known.checkedAt() < VALID_FOR.toNanos()) {
      return Optional.of(known.principal());
    }
    long revocationsSeen;
    synchronized (valid) {
      revocationsSeen = revocations;
    }
    Optional<CompanyPrincipal> found =
        known != null ? find(hash) : failedLookups.lookUp(hash, address, () -> find(hash));
    if (found.isPresent()) {
      synchronized (valid) {
        if (revocations == revocationsSeen) {
          valid.put(hash, new Known(found.get(), now));
        }
      }
    } else if (known != null) {
      // Revoked, on another instance: it never becomes valid again.
      valid.asMap().remove(hash, known);
      failedLookups.remember(hash);
    }
    return found;
  }

  private Optional<CompanyPrincipal> find(String hash) {
    return jdbc.sql("SELECT company_id, id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
        .param(hash)
        .query((rs, row) -> new CompanyPrincipal(rs.getLong("company_id"), rs.getLong("id")))
        .optional();
  }

  /**
   * Issues a key.
   *
   * @throws ConflictException when the company holds as many unrevoked keys as it may
   */
  @Transactional
  public IssuedKey issue(long companyId) {
    // The company's row lock makes concurrent issuers count one after the other.
    jdbc.sql("SELECT id FROM companies WHERE id = ? FOR UPDATE")
        .param(companyId)
        .query(Long.class)
        .single();
    long held =
        jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE company_id = ? AND revoked_at IS NULL")
            .param(companyId)
            .query(Long.class)
            .single();
    if (LimitsProperties.reached(cap, held)) {
      throw new ConflictException(
          "The company has "
              + held
              + " API keys, its limit (LIMIT_API_KEYS_PER_COMPANY = "
              + cap
              + "); revoke one to issue another");
    }
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
    boolean revoked =
        jdbc.sql(
                    """
                    UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?)
                     WHERE id = ? AND company_id = ?
                    """)
                .params(LocalDateTime.now(ZoneOffset.UTC), keyId, companyId)
                .update()
            == 1;
    if (revoked) {
      forgetAfterCommit(keyId);
    }
    return revoked;
  }

  /** This instance stops taking the key once the revocation is committed. */
  private void forgetAfterCommit(long keyId) {
    Runnable forget =
        () -> {
          synchronized (valid) {
            revocations++;
            valid.asMap().values().removeIf(known -> known.principal().apiKeyId() == keyId);
          }
        };
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      forget.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            forget.run();
          }
        });
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
