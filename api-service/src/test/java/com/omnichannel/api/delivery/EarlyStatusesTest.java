package com.omnichannel.api.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Statuses that came before their send's report wait for it, and none is lost on the way. */
@ApiIntegrationTest
class EarlyStatusesTest {

  static final long ACME = 1;
  static final long CHANNEL = 1;

  @Autowired EarlyStatuses early;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  @Autowired
  @Qualifier("intakePool")
  HikariDataSource pool;

  @Test
  void aStatusParkedWhileTheSendsReportTakesTheOthersStaysParkedForTheSweeper() throws Exception {
    String providerId = "wamid.race-" + System.nanoTime();
    Instant now = Instant.now();
    transaction.executeWithoutResult(
        tx -> early.park(ACME, CHANNEL, providerId, DeliveryStatus.DELIVERED, null, now));

    List<EarlyStatuses.Early> taken;
    // A webhook's transaction parks 'read' and has not committed when the report takes the
    // statuses it can see.
    try (Connection webhook = pool.getConnection()) {
      webhook.setAutoCommit(false);
      try (PreparedStatement park =
          webhook.prepareStatement(
              "INSERT INTO early_provider_statuses"
                  + " (company_id, channel_id, provider_message_id, status, received_at)"
                  + " VALUES (?, ?, ?, 'read', ?)")) {
        park.setLong(1, ACME);
        park.setLong(2, CHANNEL);
        park.setString(3, providerId);
        park.setTimestamp(4, Timestamp.from(now));
        park.executeUpdate();
      }
      // On its own thread: a take that waited for the webhook's row would wait here for good.
      taken =
          CompletableFuture.supplyAsync(
                  () -> transaction.execute(tx -> early.take(CHANNEL, providerId)))
              .get(20, TimeUnit.SECONDS);
      webhook.commit();
    }

    assertThat(taken)
        .extracting(EarlyStatuses.Early::status)
        .containsExactly(DeliveryStatus.DELIVERED);
    assertThat(
            jdbc.sql("SELECT status FROM early_provider_statuses WHERE provider_message_id = ?")
                .param(providerId)
                .query(String.class)
                .list())
        .containsExactly("read");
  }
}
