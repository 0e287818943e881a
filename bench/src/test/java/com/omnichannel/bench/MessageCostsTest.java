package com.omnichannel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCostsTest {

  @Test
  void cpuMillisPerMessageAreTheTicksBetweenTheSnapshotsOverTheMessages() {
    var before = snapshot(Map.of("api-service", 1000L, "MariaDB", 50L), Map.of());
    var after = snapshot(Map.of("api-service", 1600L, "MariaDB", 350L), Map.of());

    // 600 ticks at 100 a second are 6 s of CPU over 3,000 messages: 2 ms each.
    Map<String, Double> cpu = MessageCosts.cpuMillisPerMessage(before, after, 100, 3000);

    assertThat(cpu.get("api-service")).isCloseTo(2.0, within(1e-12));
    assertThat(cpu.get("MariaDB")).isCloseTo(1.0, within(1e-12));
    assertThat(MessageCosts.totalCpuMillis(cpu)).isCloseTo(3.0, within(1e-12));
  }

  @Test
  void theIdleStackTakesTheTicksBetweenTheSnapshotsPerSecond() {
    // 300 ticks at 100 a second are 3 s of CPU over 15 s: 200 ms a second, a fifth of a core.
    MessageCosts.Idle idle =
        MessageCosts.idle(Map.of("Kafka", 200L, "gone", -1L), Map.of("Kafka", 500L), 100, 15);

    assertThat(idle.cpuMillisPerSecond().get("Kafka")).isCloseTo(200.0, within(1e-9));
    assertThat(idle.cpuMillisPerSecond().get("gone")).isNaN();
  }

  @Test
  void aProcessGoneAtEitherSnapshotHasNoCost() {
    var before = snapshot(Map.of("Kafka", -1L, "api-service", 10L), Map.of());
    var after = snapshot(Map.of("Kafka", 500L, "api-service", 5L), Map.of());

    Map<String, Double> cpu = MessageCosts.cpuMillisPerMessage(before, after, 100, 10);

    assertThat(cpu.get("Kafka")).isNaN();
    // Fewer ticks afterwards: another process got the pid.
    assertThat(cpu.get("api-service")).isNaN();
    assertThat(MessageCosts.totalCpuMillis(cpu)).isNaN();
  }

  @Test
  void statementsAndRowsPerMessageAreTheCountersIncreaseOverTheMessages() {
    var before = snapshot(Map.of(), Map.of("Com_insert", 100L, "Innodb_rows_read", 5_000L));
    var after = snapshot(Map.of(), Map.of("Com_insert", 700L, "Innodb_rows_read", 20_000L));

    Map<String, Double> status = MessageCosts.statusPerMessage(before, after, 300);

    assertThat(status.get("Com_insert")).isEqualTo(2.0);
    assertThat(status.get("Innodb_rows_read")).isEqualTo(50.0);
    assertThat(status.get("Com_select")).isNaN();
    assertThat(status.keySet()).containsExactlyElementsOf(MessageCosts.STATUS);
  }

  @Test
  void noMessagesGiveNoCosts() {
    var before = snapshot(Map.of("api-service", 1L), Map.of("Com_insert", 1L));
    var after = snapshot(Map.of("api-service", 9L), Map.of("Com_insert", 9L));

    assertThat(MessageCosts.cpuMillisPerMessage(before, after, 100, 0).get("api-service")).isNaN();
    assertThat(MessageCosts.statusPerMessage(before, after, 0).get("Com_insert")).isNaN();
  }

  @Test
  void rowsShowEachCostWithTheWholeStacksCpu() {
    Map<String, Double> cpu = new LinkedHashMap<>();
    cpu.put("api-service", 1.234);
    cpu.put("MariaDB", 0.5);
    Map<String, Double> status = new LinkedHashMap<>();
    status.put("Com_commit", 3.0);
    status.put("Innodb_rows_read", 123.4);
    status.put("Innodb_row_lock_time", Double.NaN);

    assertThat(MessageCosts.rows(cpu, status))
        .isEqualTo(
            """
            | CPU of api-service, ms | 1.23 |
            | CPU of MariaDB, ms | 0.50 |
            | CPU of the whole stack, ms | 1.73 |
            | Com_commit | 3.00 |
            | Innodb_rows_read | 123 |
            | Innodb_row_lock_time, ms | ? |
            """);
  }

  private static MessageCosts.Snapshot snapshot(Map<String, Long> ticks, Map<String, Long> status) {
    return new MessageCosts.Snapshot(new LinkedHashMap<>(ticks), status);
  }
}
