package com.omnichannel.api.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tokens that open one event stream of one company ({@code GET /events?token=...}), for browsers,
 * whose {@code EventSource} cannot send an {@code Authorization} header. A token is random, valid
 * {@link #VALIDITY}, opens a stream once (on whichever instance), and is stored only as its
 * SHA-256.
 */
@Service
public class StreamTokens {

  public static final Duration VALIDITY = Duration.ofSeconds(60);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final Clock clock;

  StreamTokens(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A token, shown once. */
  public record IssuedToken(String token, Instant expiresAt) {}

  @Transactional
  public IssuedToken issue(CompanyPrincipal company) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = "st_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant expiresAt = now.plus(VALIDITY);
    // Tokens past their time are of no use to anyone: the issuer clears its company's.
    jdbc.sql("DELETE FROM stream_tokens WHERE company_id = ? AND expires_at < ?")
        .params(company.companyId(), utc(now.minus(Duration.ofMinutes(5))))
        .update();
    jdbc.sql(
            """
            INSERT INTO stream_tokens (token_hash, company_id, api_key_id, expires_at)
            VALUES (?, ?, ?, ?)
            """)
        .params(ApiKeys.sha256(token), company.companyId(), company.apiKeyId(), utc(expiresAt))
        .update();
    return new IssuedToken(token, expiresAt);
  }

  /**
   * The company a token opens a stream for, once: a used, expired or unknown token is empty. The
   * conditional update makes two instances that redeem one token at once agree on one winner.
   */
  @Transactional
  public Optional<CompanyPrincipal> redeem(String token) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    String hash = ApiKeys.sha256(token);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int redeemed =
        jdbc.sql(
                """
                UPDATE stream_tokens SET used_at = ?
                 WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
                """)
            .params(utc(now), hash, utc(now))
            .update();
    if (redeemed == 0) {
      return Optional.empty();
    }
    return jdbc.sql("SELECT company_id, api_key_id FROM stream_tokens WHERE token_hash = ?")
        .param(hash)
        .query((rs, row) -> new CompanyPrincipal(rs.getLong(1), rs.getLong(2)))
        .optional();
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
