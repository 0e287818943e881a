package com.omnichannel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

  @Test
  void ticksAreUserPlusSystemTimeCountedAfterTheCommandName() {
    // A command name with a space and a parenthesis of its own; utime 1234, stime 567.
    String stat =
        "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 18021 0 12 0 1234 567 8 9 20 0 57 0"
            + " 987654 6543210000 98765 18446744073709551615 1 1 0 0 0 0 0 4096 17102 0 0 0 17"
            + " 1 0 0 0 0 0";

    assertThat(ProcessCpu.ticks(stat)).isEqualTo(1234 + 567);
  }

  @Test
  void aRunningProcessHasTicksAndOneThatIsGoneHasNone() {
    // This JVM has compiled and loaded the test: it has used some CPU.
    assertThat(ProcessCpu.treeTicks(ProcessHandle.current().pid())).isPositive();
    assertThat(ProcessCpu.treeTicks(Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void theStackIsThePidFilesThatExistByTheNamesOfTheReport(@TempDir Path run) throws Exception {
    Files.writeString(run.resolve("api.pid"), "101\n");
    Files.writeString(run.resolve("db.pid"), "102");

    assertThat(ProcessCpu.stack(run))
        .containsExactly(Map.entry("api-service", 101L), Map.entry("MariaDB", 102L));
  }

  @Test
  void clockTicksASecondArePositive() {
    assertThat(ProcessCpu.ticksPerSecond()).isPositive();
  }
}
