package com.omnichannel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopReportTest {

  private static final long MS = 1_000_000;

  /** 10,000 transactions in 10 s: a floor of 1,000 tx/s. */
  private static final DatabaseFloor.Result FLOOR = new DatabaseFloor.Result(10_000, 10);

  /** CPU ms per second of the idle stack: 150 in all, 15 % of a core. */
  private static final Map<String, Double> IDLE = Map.of("api-service", 100.0, "Kafka", 50.0);

  @Test
  void theHeadlineGivesTheHighestHeldRateAsAShareOfTheFloorAgainstItsTarget() {
    String held =
        LoopReport.headline(results(List.of(step(1, 100, true), step(2, 160, true)), 400, 0));
    String short_ =
        LoopReport.headline(results(List.of(step(1, 100, true), step(2, 125, false)), 400, 0));

    assertThat(held)
        .contains(
            "| database floor: the webhook's two inserts as bare transactions, 16 clients | 1000 tx/s |")
        .contains("| 160 msgs/s = 0.160 x floor | >= 0.15 x floor = 150 msgs/s | ✓ |");
    assertThat(short_)
        .contains("| 100 msgs/s = 0.100 x floor | >= 0.15 x floor = 150 msgs/s | ✗ |");
  }

  @Test
  void theWebhookPathMeetsItsTargetOnlyAboveItsShareAndWithoutAnswersOtherThan2xx() {
    List<LoopStep> steps = List.of(step(1, 100, true));

    assertThat(LoopReport.headline(results(steps, 400, 0)))
        .contains(
            "| 400 req/s = 0.400 x floor; 0 non-2xx | >= 0.35 x floor = 350 req/s, no non-2xx | ✓ |");
    assertThat(LoopReport.headline(results(steps, 400, 3)))
        .contains(
            "| 400 req/s = 0.400 x floor; 3 non-2xx | >= 0.35 x floor = 350 req/s, no non-2xx | ✗ |");
    assertThat(LoopReport.headline(results(steps, 340, 0)))
        .contains(
            "| 340 req/s = 0.340 x floor; 0 non-2xx | >= 0.35 x floor = 350 req/s, no non-2xx | ✗ |");
  }

  @Test
  void theIdleStackIsAShareOfACoreInTheHeadlineAndEachProcessInItsSection() {
    var results = results(List.of(step(1, 100, true)), 400, 0);

    assertThat(LoopReport.headline(results))
        .contains("| the idle stack: CPU with nothing sent | 15.00 % of a core | | |");
    assertThat(MessageCosts.idleSection(results.idle()))
        .contains("CPU of each process over 15 s with nothing sent")
        .contains("| api-service | 100 | 10.00 % |")
        .contains("| Kafka | 50.00 | 5.00 % |")
        .contains("| the whole stack | 150 | 15.00 % |");
  }

  @Test
  void noRateHeldSaysSoAndMissesTheTarget() {
    assertThat(LoopReport.headline(results(List.of(step(1, 50, false)), 400, 0)))
        .contains("| none held (from 50 msgs/s) | >= 0.15 x floor = 150 msgs/s | ✗ |");
  }

  @Test
  void theDrainMeetsItsTargetWhenAcceptedFastDrainedAndNothingIsUnanswered() {
    assertThat(LoopReport.drainMet(drain(1000, 1000, 10 * MS, 60.0, 0))).isTrue();
    assertThat(LoopReport.drainMet(drain(1000, 998, 10 * MS, 60.0, 0))).isFalse();
    assertThat(LoopReport.drainMet(drain(1000, 1000, 300 * MS, 60.0, 0))).isFalse();
    assertThat(LoopReport.drainMet(drain(1000, 1000, 10 * MS, Double.NaN, 0))).isFalse();
    assertThat(LoopReport.drainMet(drain(1000, 1000, 10 * MS, 60.0, 2))).isFalse();
  }

  @Test
  void aStepRowShowsItsRepliesAndWhetherItHeld() {
    assertThat(LoopReport.stepRow(step(2, 160, true), 1000))
        .isEqualTo(
            "| 2 | 160 | 0.160 | 4800 | 4800 | none | 20.0 / 20.0 / 20.0 | 0.0 | 4800 / 4800 | 4.0 | yes |\n");
    assertThat(LoopReport.stepRow(step(3, 200, false), 1000)).endsWith("| > 30 | no |\n");
  }

  private static LoopReport.Results results(List<LoopStep> steps, double capacity, long non2xx) {
    return new LoopReport.Results(
        FLOOR,
        16,
        capacity,
        non2xx,
        30,
        10_000,
        steps,
        null,
        drain(500, 500, 5 * MS, 20.0, 0),
        new MessageCosts.Idle(15, IDLE));
  }

  /** A 30-second step; one that did not hold had not every reply read within 30 s. */
  private static LoopStep step(int number, double rate, boolean held) {
    int sent = (int) (rate * 30);
    var replies = new ReplyCount(sent, sent, held ? sent : sent - 1, 0);
    return new LoopStep(
        number, rate, outcome(sent, sent, 20 * MS), replies, held ? 4.0 : Double.NaN);
  }

  private static BurstThenDrain.Result drain(
      int sent, int ok, long latency, double drainedSeconds, long unreadInDrain) {
    var drainReplies = new ReplyCount(ok, ok, ok - unreadInDrain, 0);
    return new BurstThenDrain.Result(
        1200,
        40,
        outcome(48_000, 48_000, 50 * MS),
        new ReplyCount(48_000, 48_000, 48_000, 0),
        50,
        outcome(sent, ok, latency),
        drainReplies,
        drainedSeconds,
        Double.NaN,
        3.0,
        300,
        1234);
  }

  private static OpenModelLoad.Outcome outcome(int sent, int ok, long latency) {
    long[] sorted = new long[sent];
    Arrays.fill(sorted, latency);
    return new OpenModelLoad.Outcome(
        ok, ok == sent ? Map.of() : Map.of("503", sent - ok), null, sorted, 0);
  }
}
