package com.omnichannel.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook's read of a contact's conversation locks it until commit, so messages to one
 * conversation are stored (and their outbox rows numbered) one after the other; the locking reads
 * of the owner's role never lock the user row exclusively.
 */
@ApiIntegrationTest
class ConversationLockTest {

  private static final int LOCK_WAIT_TIMEOUT = 1205;

  @Autowired ConversationRepository conversations;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;
  @Autowired DataSource dataSource;

  @Test
  void theLatestConversationStaysLockedUntilTheTransactionEnds() throws SQLException {
    long contact = transaction.execute(tx -> newContact());
    long conversation = transaction.execute(tx -> newConversation(contact));

    transaction.executeWithoutResult(
        tx -> {
          var latest = conversations.lockLatest(1, contact).orElseThrow();
          assertThat(latest.conversation().id()).isEqualTo(conversation);
          assertThat(latest.aiOwned()).isTrue();
          assertThat(lockFromAnotherSession("conversations", conversation, "FOR UPDATE")).isFalse();
          // The owner's row is only share-locked: other transactions can still share it.
          assertThat(lockFromAnotherSession("users", 1, "LOCK IN SHARE MODE")).isTrue();
        });

    assertThat(lockFromAnotherSession("conversations", conversation, "FOR UPDATE")).isTrue();
  }

  @Test
  void lockingOwnersLeavesTheSharedAiUserToOthers() {
    long conversation = transaction.execute(tx -> newConversation(newContact()));

    transaction.executeWithoutResult(
        tx -> {
          assertThat(conversations.lockOwners(java.util.List.of(conversation)))
              .containsKey(conversation);
          assertThat(lockFromAnotherSession("conversations", conversation, "FOR UPDATE")).isFalse();
          assertThat(lockFromAnotherSession("users", 1, "LOCK IN SHARE MODE")).isTrue();
        });
  }

  private long newContact() {
    String phone = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    jdbc.sql("INSERT INTO contacts (company_id, name, phone) VALUES (1, 'Lock test', ?)")
        .param(phone)
        .update();
    return jdbc.sql("SELECT id FROM contacts WHERE phone = ?")
        .param(phone)
        .query(Long.class)
        .single();
  }

  private long newConversation(long contact) {
    jdbc.sql(
            "INSERT INTO conversations (company_id, channel_id, contact_id, owner_id) VALUES (1, 1, ?, 1)")
        .param(contact)
        .update();
    return jdbc.sql("SELECT id FROM conversations WHERE contact_id = ?")
        .param(contact)
        .query(Long.class)
        .single();
  }

  /** Whether a session of its own gets the row lock within a second. */
  private boolean lockFromAnotherSession(String table, long id, String lock) {
    try (Connection other = dataSource.getConnection();
        Statement sql = other.createStatement()) {
      sql.execute("SET SESSION innodb_lock_wait_timeout = 1");
      try {
        sql.executeQuery("SELECT id FROM " + table + " WHERE id = " + id + " " + lock).close();
        return true;
      } catch (SQLException e) {
        if (e.getErrorCode() == LOCK_WAIT_TIMEOUT) {
          return false;
        }
        throw e;
      } finally {
        other.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
