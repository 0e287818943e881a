package com.omnichannel.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.omnichannel.api.ratelimit.LimitsProperties;
import com.omnichannel.api.ratelimit.RateLimiter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code GET /events?token=...} redeems the token in a write transaction: a string not shaped like
 * a token must not open one, and a wrong one opens one once.
 */
class StreamTokenRedemptionTest {

  DataSource database = mock(DataSource.class);
  Connection connection = mock(Connection.class);
  PreparedStatement statement = mock(PreparedStatement.class);
  PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
  RateLimiter rateLimiter = mock(RateLimiter.class);
  StreamTokens tokens =
      new StreamTokens(
          JdbcClient.create(database),
          Clock.systemUTC(),
          transactions,
          new FailedLookups(rateLimiter),
          new LimitsProperties(20, 50, 200, 100),
          new StreamTokenProperties(Duration.ofHours(12)));

  @BeforeEach
  void anUpdateThatRedeemsNothing() throws SQLException {
    when(database.getConnection()).thenReturn(connection);
    when(connection.prepareStatement(any())).thenReturn(statement);
    when(statement.executeUpdate()).thenReturn(0);
    when(rateLimiter.tryCredentialLookup(any())).thenReturn(OptionalLong.empty());
  }

  @Test
  void aStringNotShapedLikeATokenOpensNoTransaction() {
    for (String junk :
        new String[] {
          "x", "", "st_short", "st_" + "a".repeat(44), "st_" + "a".repeat(42) + "%", "omni_x"
        }) {
      assertThat(tokens.redeem(junk, "192.0.2.1")).as(junk).isEmpty();
    }
    assertThat(tokens.redeem(null, "192.0.2.1")).isEmpty();

    verifyNoInteractions(transactions, database, rateLimiter);
  }

  @Test
  void aWrongTokenPresentedAgainOpensNoSecondTransaction() throws SQLException {
    String unknown = "st_" + "Q".repeat(43);

    for (int i = 0; i < 4; i++) {
      assertThat(tokens.redeem(unknown, "192.0.2.1")).isEmpty();
    }

    verify(transactions, times(1)).getTransaction(any());
    verify(database, times(1)).getConnection();
  }
}
