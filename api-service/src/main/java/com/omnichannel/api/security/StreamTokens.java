package com.omnichannel.api.security;

import com.omnichannel.api.ratelimit.LimitsProperties;
import com.omnichannel.api.web.ConflictException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tokens that open one event stream of one company ({@code GET /events?token=...}), for browsers,
 * whose {@code EventSource} cannot send an {@code Authorization} header. A token is random, valid
 * {@link #VALIDITY}, opens a stream once (on whichever instance), and is stored only as its
 * SHA-256. Once used, it reopens that stream for the browser's own reconnect (a request with {@code
 * Last-Event-ID}) until {@link StreamTokenProperties#reconnectValidity} after its issue, while its
 * key is not revoked. Redeeming one writes, so a string not shaped like a token is refused without
 * a transaction, and a well-formed wrong one goes through {@link FailedLookups}.
 */
@Service
public class StreamTokens {

  public static final Duration VALIDITY = Duration.ofSeconds(60);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** What {@link #issue} makes: {@code st_} and 32 random bytes in unpadded base64url. */
  private static final Pattern ISSUED = Pattern.compile("st_[A-Za-z0-9_-]{43}");

  private final JdbcClient jdbc;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final FailedLookups failedLookups;
  private final int cap;
  private final Duration reconnectPastFirstUse;

  StreamTokens(
      JdbcClient jdbc,
      Clock clock,
      PlatformTransactionManager transactions,
      FailedLookups failedLookups,
      LimitsProperties limits,
      StreamTokenProperties reconnects) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.failedLookups = failedLookups;
    this.cap = limits.streamTokensPerCompany();
    this.reconnectPastFirstUse = reconnects.pastFirstUse();
  }

  /** Whether {@code token} could be one of ours at all. */
  static boolean wellFormed(String token) {
    return token != null && ISSUED.matcher(token).matches();
  }

  /** A token, shown once. */
  public record IssuedToken(String token, Instant expiresAt) {}

  /**
   * Issues a token.
   *
   * @throws ConflictException when the company holds as many unexpired tokens as it may
   */
  @Transactional
  public IssuedToken issue(CompanyPrincipal company) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = "st_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant expiresAt = now.plus(VALIDITY);
    // The company's row lock makes concurrent issuers count one after the other.
    jdbc.sql("SELECT id FROM companies WHERE id = ? FOR UPDATE")
        .param(company.companyId())
        .query(Long.class)
        .single();
    // Tokens past their time, reconnects included, are of no use to anyone: the issuer clears its
    // company's.
    jdbc.sql("DELETE FROM stream_tokens WHERE company_id = ? AND expires_at < ?")
        .params(
            company.companyId(), utc(now.minus(reconnectPastFirstUse).minus(Duration.ofMinutes(5))))
        .update();
    long held =
        jdbc.sql("SELECT COUNT(*) FROM stream_tokens WHERE company_id = ? AND expires_at > ?")
            .params(company.companyId(), utc(now))
            .query(Long.class)
            .single();
    if (LimitsProperties.reached(cap, held)) {
      throw new ConflictException(
          "The company has "
              + held
              + " unexpired stream tokens, its limit (LIMIT_STREAM_TOKENS_PER_COMPANY = "
              + cap
              + "); each expires "
              + VALIDITY.toSeconds()
              + " s after it was issued");
    }
    jdbc.sql(
            """
            INSERT INTO stream_tokens (token_hash, company_id, api_key_id, expires_at)
            VALUES (?, ?, ?, ?)
            """)
        .params(ApiKeys.sha256(token), company.companyId(), company.apiKeyId(), utc(expiresAt))
        .update();
    return new IssuedToken(token, expiresAt);
  }

  /** {@link #redeem(String, String, boolean)} for a stream's first opening. */
  public Optional<CompanyPrincipal> redeem(String token, String address) {
    return redeem(token, address, false);
  }

  /**
   * The company a token opens a stream for, once: a used, expired or unknown token, and one whose
   * API key was revoked since, is empty. The conditional update makes two instances that redeem one
   * token at once agree on one winner. A {@code reconnect} (the request carries {@code
   * Last-Event-ID}) may also redeem a used token within its reconnect window, while its key is not
   * revoked.
   *
   * @param address the client address that presented it, whose budget a failed look-up spends
   * @throws com.omnichannel.api.ratelimit.RateLimitExceededException when the token would need a
   *     look-up and this instance has made its share of failed ones this second
   */
  public Optional<CompanyPrincipal> redeem(String token, String address, boolean reconnect) {
    if (!wellFormed(token)) {
      return Optional.empty();
    }
    String hash = ApiKeys.sha256(token);
    // A used token fails a first opening for good, not a reconnect: each is remembered apart.
    return failedLookups.lookUp(
        reconnect ? hash + "/reconnect" : hash,
        address,
        () -> transaction.execute(tx -> redeemHash(hash, reconnect)));
  }

  private Optional<CompanyPrincipal> redeemHash(String hash, boolean reconnect) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int redeemed =
        jdbc.sql(
                """
                UPDATE stream_tokens t
                  JOIN api_keys k ON k.id = t.api_key_id
                   SET t.used_at = ?
                 WHERE t.token_hash = ? AND t.used_at IS NULL AND t.expires_at > ?
                   AND k.revoked_at IS NULL
                """)
            .params(utc(now), hash, utc(now))
            .update();
    if (redeemed == 0) {
      return reconnect ? reopen(hash, now) : Optional.empty();
    }
    return jdbc.sql("SELECT company_id, api_key_id FROM stream_tokens WHERE token_hash = ?")
        .param(hash)
        .query((rs, row) -> new CompanyPrincipal(rs.getLong(1), rs.getLong(2)))
        .optional();
  }

  /** A used token's reconnect: within its window, from issue, and while its key stands. */
  private Optional<CompanyPrincipal> reopen(String hash, Instant now) {
    return jdbc.sql(
            """
            SELECT t.company_id, t.api_key_id FROM stream_tokens t
              JOIN api_keys k ON k.id = t.api_key_id AND k.revoked_at IS NULL
             WHERE t.token_hash = ? AND t.used_at IS NOT NULL AND t.expires_at > ?
            """)
        .params(hash, utc(now.minus(reconnectPastFirstUse)))
        .query((rs, row) -> new CompanyPrincipal(rs.getLong(1), rs.getLong(2)))
        .optional();
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
