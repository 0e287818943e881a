package com.omnichannel.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
    var created = new TestConversations(jdbc, transaction).ownedBy(1);
    long contact = created.contactId();
    long conversation = created.conversationId();

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
    long conversation = new TestConversations(jdbc, transaction).ownedBy(1).conversationId();

    transaction.executeWithoutResult(
        tx -> {
          assertThat(conversations.lockOwners(List.of(conversation))).containsKey(conversation);
          assertThat(lockFromAnotherSession("conversations", conversation, "FOR UPDATE")).isFalse();
          assertThat(lockFromAnotherSession("users", 1, "LOCK IN SHARE MODE")).isTrue();
        });
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
