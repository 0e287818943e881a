package com.omnichannel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.KafkaException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOffExecution;

/** A record that fails because the database or broker is down waits; it is never dead-lettered. */
class DependencyOutageBackOffTest {

  @Test
  void outagesOfTheDatabaseOrBrokerAreRecognisedThroughWrappers() {
    assertThat(
            OmniKafkaAutoConfiguration.dependencyUnavailable(
                new IllegalStateException(new CannotCreateTransactionException("no connection"))))
        .isTrue();
    assertThat(
            OmniKafkaAutoConfiguration.dependencyUnavailable(
                new DataAccessResourceFailureException("down")))
        .isTrue();
    assertThat(
            OmniKafkaAutoConfiguration.dependencyUnavailable(
                new KafkaException("Send failed", new TimeoutException("metadata"))))
        .isTrue();
  }

  @Test
  void otherFailuresKeepTheBoundedRetries() {
    assertThat(
            OmniKafkaAutoConfiguration.dependencyUnavailable(
                new UnreadableEventException("not json")))
        .isFalse();
    assertThat(OmniKafkaAutoConfiguration.dependencyUnavailable(new IllegalStateException("bug")))
        .isFalse();
  }

  @Test
  void deadlocksAndLockTimeoutsAreNotOutagesAndKeepTheBoundedRetries() {
    // What Spring makes of MySQL's 1213 (deadlock) and 1205 (lock wait timeout), also when the
    // listener wraps it; both are transient data access exceptions, like an outage.
    assertThat(
            OmniKafkaAutoConfiguration.dependencyUnavailable(
                new PessimisticLockingFailureException(
                    "Deadlock found when trying to get lock",
                    new SQLTransactionRollbackException("Deadlock", "40001", 1213))))
        .isFalse();
    assertThat(
            OmniKafkaAutoConfiguration.dependencyUnavailable(
                new IllegalStateException(
                    new CannotAcquireLockException("Lock wait timeout exceeded"))))
        .isFalse();
    assertThat(
            OmniKafkaAutoConfiguration.dependencyUnavailable(
                new QueryTimeoutException("statement cancelled")))
        .isFalse();
  }

  @Test
  void theOutageBackOffNeverGivesUpAndCapsItsInterval() {
    BackOffExecution execution =
        OmniKafkaAutoConfiguration.untilDependencyIsBack(Duration.ofMillis(200)).start();

    long last = 0;
    for (int i = 0; i < 1_000; i++) {
      last = execution.nextBackOff();
      assertThat(last).isNotEqualTo(BackOffExecution.STOP);
    }
    assertThat(last).isEqualTo(5_000);
  }
}
