package com.omnichannel.api.company;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook's channel look-ups: a miss is remembered, until this instance creates the channel.
 */
@ApiIntegrationTest
class CompanyDirectoryTest {

  @Autowired CompanyDirectory directory;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  @Test
  void aMissingChannelCostsNoQueryWhileItsMissIsRemembered() {
    long id = unusedChannelId();
    assertThat(directory.findChannel(1, id)).isEmpty();

    // Created behind the directory's back: the remembered miss still answers, without a query.
    insertChannel(id);

    assertThat(directory.findChannel(1, id)).isEmpty();
  }

  @Test
  void aChannelCreatedOnThisInstanceIsFoundAtOnce() {
    long id = unusedChannelId();
    assertThat(directory.findChannel(1, id)).isEmpty();

    transaction.executeWithoutResult(
        tx -> {
          insertChannel(id);
          directory.channelCreated(1, id);
        });

    assertThat(directory.findChannel(1, id))
        .hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(id));
  }

  private static long unusedChannelId() {
    return 900_000_000L + ThreadLocalRandom.current().nextInt(99_999_999);
  }

  private void insertChannel(long id) {
    transaction.executeWithoutResult(
        tx ->
            jdbc.sql(
                    "INSERT INTO channels (id, company_id, name, type) VALUES (?, 1, 'Late', 'sms')")
                .param(id)
                .update());
  }
}
