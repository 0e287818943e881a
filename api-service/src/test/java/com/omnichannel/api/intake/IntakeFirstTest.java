package com.omnichannel.api.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.testing.TestWebhook;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests and background work draw on pools of their own, and background work waits while the
 * requests are under pressure, at most its longest yield.
 */
@ApiIntegrationTest(
    properties = {
      "omni.intake.background-pool-size=3",
      "omni.intake.pressure-connections=2",
      "omni.intake.pressure-requests=3",
      "omni.intake.background-max-yield=3s"
    })
class IntakeFirstTest {

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;
  @Autowired IntakePressure pressure;
  @Autowired MeterRegistry meters;
  @Autowired IntakeRequests requests;

  @Autowired
  @Qualifier("intakePool")
  HikariDataSource intakePool;

  @Autowired
  @Qualifier("backgroundPool")
  HikariDataSource backgroundPool;

  private final List<Connection> held = new ArrayList<>();

  @AfterEach
  void giveBack() throws SQLException {
    for (Connection connection : held) {
      connection.close();
    }
    held.clear();
  }

  @Test
  void aRequestsTransactionsUseTheIntakePoolAndAnyOtherThreadsTheBackgroundPool() {
    int intakeBefore = intakeInUse();

    int intakeInside =
        Workload.INTAKE.run(
            () ->
                transaction.execute(
                    tx -> {
                      jdbc.sql("SELECT 1").query(Integer.class).single();
                      return intakeInUse();
                    }));
    int intakeDuringBackground =
        transaction.execute(
            tx -> {
              jdbc.sql("SELECT 1").query(Integer.class).single();
              return intakeInUse();
            });

    assertThat(intakeInside).isEqualTo(intakeBefore + 1);
    assertThat(intakeDuringBackground).isEqualTo(intakeBefore);
    assertThat(Workload.current()).isEqualTo(Workload.BACKGROUND);
  }

  @Test
  void aWebhookIsStoredWhileBackgroundWorkHoldsEveryConnectionOfItsPool() throws SQLException {
    while (backgroundPool.getHikariPoolMXBean().getActiveConnections()
        < backgroundPool.getMaximumPoolSize()) {
      held.add(backgroundPool.getConnection());
    }
    String providerId = "intake-first-" + System.nanoTime();
    TestWebhook webhook = TestWebhook.inbound().channelMessageId(providerId);

    assertThat(
            mvc.post()
                .uri(webhook.path())
                .contentType(MediaType.APPLICATION_JSON)
                .content(webhook.json())
                .exchange())
        .hasStatus(HttpStatus.CREATED);
    assertThat(
            Workload.INTAKE.run(
                () ->
                    jdbc.sql("SELECT COUNT(*) FROM messages WHERE channel_message_id = ?")
                        .param(providerId)
                        .query(Long.class)
                        .single()))
        .isEqualTo(1);
  }

  @Test
  void backgroundWaitsWhileRequestsUseManyIntakeConnectionsAndGoesOnAfterItsLongestYield()
      throws SQLException {
    assertThat(pressure.underPressure()).isFalse();
    long yieldsBefore = yields();

    pressure.yieldToIntake();
    assertThat(yields()).as("no pressure, no wait").isEqualTo(yieldsBefore);

    held.add(intakePool.getConnection());
    held.add(intakePool.getConnection());
    assertThat(pressure.underPressure()).isTrue();
    long started = System.nanoTime();
    pressure.yieldToIntake();

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("waits out its longest yield while the pressure lasts")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(yields()).isGreaterThan(yieldsBefore);

    giveBack();
    await().atMost(Duration.ofSeconds(5)).until(() -> !pressure.underPressure());
  }

  @Test
  void aWaitingBackgroundStepGoesOnAsSoonAsThePressureEnds() throws Exception {
    held.add(intakePool.getConnection());
    held.add(intakePool.getConnection());
    Thread step = new Thread(pressure::yieldToIntake);
    step.start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> step.getState() == Thread.State.TIMED_WAITING);

    giveBack();

    // Well before the longest yield of 3 s would have let it go on anyway.
    step.join(2_000);
    assertThat(step.isAlive()).isFalse();
  }

  @Test
  void manyRequestsInFlightArePressureToo() throws Exception {
    CountDownLatch answered = new CountDownLatch(1);
    List<Thread> serving = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  requests.doFilter(
                      new MockHttpServletRequest("POST", "/webhooks/inbound"),
                      new MockHttpServletResponse(),
                      (request, response) -> {
                        try {
                          answered.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      });
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      thread.start();
      serving.add(thread);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> requests.inFlight() >= 3);
    assertThat(pressure.underPressure()).isTrue();

    answered.countDown();
    for (Thread thread : serving) {
      thread.join();
    }
    assertThat(requests.inFlight()).isZero();
    assertThat(pressure.underPressure()).isFalse();
  }

  /** Intake connections in use; none before the pool's first connection. */
  private int intakeInUse() {
    return intakePool.getHikariPoolMXBean() == null
        ? 0
        : intakePool.getHikariPoolMXBean().getActiveConnections();
  }

  private long yields() {
    return meters.timer("omni.intake.background_yield").count();
  }
}
