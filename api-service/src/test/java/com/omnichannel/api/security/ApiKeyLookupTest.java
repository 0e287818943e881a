package com.omnichannel.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.github.benmanes.caffeine.cache.Ticker;
import com.omnichannel.api.ratelimit.LimitsProperties;
import com.omnichannel.api.ratelimit.RateLimitExceededException;
import com.omnichannel.api.ratelimit.RateLimiter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a presented API key costs the database: nothing when it is not shaped like a key or failed
 * before, one query the first time, and nothing past the budget of failed look-ups; a key known to
 * be valid is re-checked every 5 s outside that budget. Every connection the key check asks for is
 * counted on a database double; what is remembered runs on a clock the test moves.
 */
class ApiKeyLookupTest {

  static final String UNKNOWN = "omni_" + "A".repeat(43);
  static final String OTHER_UNKNOWN = "omni_" + "B".repeat(43);
  static final String VALID = "omni_" + "v".repeat(42) + "-";
  static final String ADDRESS = "192.0.2.1";

  DataSource database = mock(DataSource.class);
  Connection connection = mock(Connection.class);
  PreparedStatement statement = mock(PreparedStatement.class);
  ResultSet rows = mock(ResultSet.class);
  RateLimiter rateLimiter = mock(RateLimiter.class);
  AtomicLong nanos = new AtomicLong();
  Ticker ticker = nanos::get;
  ApiKeys apiKeys =
      new ApiKeys(
          JdbcClient.create(database),
          new FailedLookups(rateLimiter),
          new LimitsProperties(20, 50, 200, 100),
          ticker);

  @BeforeEach
  void oneStatementThatFindsNothing() throws SQLException {
    when(database.getConnection()).thenReturn(connection);
    when(connection.prepareStatement(anyString())).thenReturn(statement);
    when(statement.executeQuery()).thenReturn(rows);
    when(rateLimiter.tryCredentialLookup(any())).thenReturn(OptionalLong.empty());
  }

  /** The look-ups made: each takes a connection. */
  int connections() {
    return (int)
        mockingDetails(database).getInvocations().stream()
            .filter(invocation -> invocation.getMethod().getName().equals("getConnection"))
            .count();
  }

  @Test
  void aStringNotShapedLikeAKeyIsRefusedWithoutAQuery() {
    for (String junk :
        new String[] {
          "junk",
          "",
          "omni_short",
          "omni_" + "A".repeat(44),
          "omni_" + "A".repeat(42) + "=",
          "omnx_" + "A".repeat(43),
          "' OR 1=1 --"
        }) {
      assertThat(apiKeys.authenticate(junk, ADDRESS)).as(junk).isEmpty();
    }

    assertThat(connections()).isZero();
    verifyNoInteractions(rateLimiter);
  }

  @Test
  void aRepeatedUnknownKeyIsLookedUpOnce() {
    for (int i = 0; i < 5; i++) {
      assertThat(apiKeys.authenticate(UNKNOWN, ADDRESS)).isEmpty();
    }

    assertThat(connections()).isEqualTo(1);
    verify(rateLimiter, times(1)).tryCredentialLookup(ADDRESS);
  }

  @Test
  void pastTheBudgetOfFailedLookUpsAnUnknownKeyIsRefusedUnchecked() {
    when(rateLimiter.tryCredentialLookup(ADDRESS))
        .thenReturn(OptionalLong.empty(), OptionalLong.of(1), OptionalLong.empty());
    assertThat(apiKeys.authenticate(UNKNOWN, ADDRESS)).isEmpty();

    assertThatThrownBy(() -> apiKeys.authenticate(OTHER_UNKNOWN, ADDRESS))
        .isInstanceOf(RateLimitExceededException.class)
        .extracting(e -> ((RateLimitExceededException) e).retryAfterSeconds())
        .isEqualTo(1L);
    assertThat(connections()).isEqualTo(1);

    // Refused unchecked is not known to fail: asked again within the budget, it is looked up.
    assertThat(apiKeys.authenticate(OTHER_UNKNOWN, ADDRESS)).isEmpty();
    assertThat(connections()).isEqualTo(2);
  }

  @Test
  void aValidKeyIsRememberedGivesItsLookUpBackAndIsForgottenWhenRevoked() throws SQLException {
    when(rows.next()).thenReturn(true, false, true, false);
    when(rows.getLong("company_id")).thenReturn(7L);
    when(rows.getLong("id")).thenReturn(70L);

    assertThat(apiKeys.authenticate(VALID, ADDRESS)).contains(new CompanyPrincipal(7, 70));
    assertThat(apiKeys.authenticate(VALID, ADDRESS)).contains(new CompanyPrincipal(7, 70));
    assertThat(connections()).isEqualTo(1);
    verify(rateLimiter).credentialFound(ADDRESS);

    when(statement.executeUpdate()).thenReturn(1);
    assertThat(apiKeys.revoke(7, 70)).isTrue();
    int afterRevocation = connections();
    when(rows.next()).thenReturn(false);

    assertThat(apiKeys.authenticate(VALID, ADDRESS)).isEmpty();
    assertThat(connections()).isEqualTo(afterRevocation + 1);
  }

  @Test
  void theDemoSeedsKeysAreLookedUp() {
    assertThat(apiKeys.authenticate("acme-demo-key", ADDRESS)).isEmpty();

    assertThat(connections()).isEqualTo(1);
    verify(rateLimiter, never()).credentialFound(any());
  }

  void aValidKeyFound(long companyId, long keyId) throws SQLException {
    when(rows.next()).thenReturn(true, false);
    when(rows.getLong("company_id")).thenReturn(companyId);
    when(rows.getLong("id")).thenReturn(keyId);
  }

  @Test
  void aKnownValidKeyIsReCheckedOutsideTheBudgetOthersSpent() throws SQLException {
    aValidKeyFound(7, 70);
    assertThat(apiKeys.authenticate(VALID, ADDRESS)).contains(new CompanyPrincipal(7, 70));
    // Made-up keys from anywhere have spent every budget of failed look-ups.
    when(rateLimiter.tryCredentialLookup(any())).thenReturn(OptionalLong.of(1));
    assertThatThrownBy(() -> apiKeys.authenticate(UNKNOWN, ADDRESS))
        .isInstanceOf(RateLimitExceededException.class);
    nanos.addAndGet(ApiKeys.VALID_FOR.plusSeconds(1).toNanos());
    aValidKeyFound(7, 70);

    assertThat(apiKeys.authenticate(VALID, ADDRESS)).contains(new CompanyPrincipal(7, 70));
    // It was checked again, not taken from memory past its 5 s.
    assertThat(connections()).isEqualTo(2);
  }

  @Test
  void aKnownKeyRevokedOnAnotherInstanceIsRefusedOnItsReCheckAndThenFromMemory()
      throws SQLException {
    aValidKeyFound(7, 70);
    assertThat(apiKeys.authenticate(VALID, ADDRESS)).contains(new CompanyPrincipal(7, 70));
    nanos.addAndGet(ApiKeys.VALID_FOR.minusMillis(1).toNanos());
    assertThat(apiKeys.authenticate(VALID, ADDRESS)).contains(new CompanyPrincipal(7, 70));
    assertThat(connections()).isEqualTo(1);

    // Revoked elsewhere: the database no longer finds it.
    when(rows.next()).thenReturn(false);
    nanos.addAndGet(Duration.ofMillis(2).toNanos());

    assertThat(apiKeys.authenticate(VALID, ADDRESS)).isEmpty();
    assertThat(apiKeys.authenticate(VALID, ADDRESS)).isEmpty();
    assertThat(connections()).isEqualTo(2);
  }

  @Test
  void aValidKeyUnusedForTenMinutesIsLookedUpWithinTheBudgetAgain() throws SQLException {
    aValidKeyFound(7, 70);
    assertThat(apiKeys.authenticate(VALID, ADDRESS)).isPresent();
    nanos.addAndGet(ApiKeys.KNOWN_FOR.plusSeconds(1).toNanos());
    aValidKeyFound(7, 70);

    assertThat(apiKeys.authenticate(VALID, ADDRESS)).isPresent();
    verify(rateLimiter, times(2)).tryCredentialLookup(ADDRESS);
  }
}
