package com.omnichannel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class RateSearchTest {

  @Test
  void startsAtFivePercentOfTheFloorAndAtLeastTwentyUnlessGivenARate() {
    assertThat(RateSearch.startRate(null, 4000)).isEqualTo(200);
    assertThat(RateSearch.startRate("", 300)).isEqualTo(20);
    assertThat(RateSearch.startRate("75", 4000)).isEqualTo(75);
  }

  @Test
  void climbsByAQuarterWhileStepsHoldThenBisectsOnceAfterTheFirstFailure() {
    // The loop holds up to 150 msgs/s.
    List<Double> tried = run(new RateSearch(100, 8), rate -> rate <= 150);

    // 100, 125 and 156 (fails), then halfway between 125 and 156.
    assertThat(tried).containsExactly(100.0, 125.0, 156.0, 141.0);
  }

  @Test
  void theBisectionThatHoldsRaisesTheHighestHeldAndEndsTheSearch() {
    var search = new RateSearch(100, 8);
    run(search, rate -> rate <= 150);

    assertThat(search.highestHeld()).hasValue(141.0);
    assertThat(search.next()).isEmpty();
  }

  @Test
  void noBisectionWhenTheHeldAndTheFailedRatesAreLessThanTenPercentApart() {
    var search = new RateSearch(100, 8);
    search.record(100, true);
    // A failure at 108 (an earlier step would not climb by less, but the rule is the gap).
    search.record(108, false);

    assertThat(search.next()).isEmpty();
    assertThat(search.highestHeld()).hasValue(100.0);
  }

  @Test
  void aFirstStepThatFailsHalvesTheRateUntilOneHoldsThenBisectsOnce() {
    // The loop holds up to 30 msgs/s.
    var search = new RateSearch(100, 8);

    List<Double> tried = run(search, rate -> rate <= 30);

    // 100 and 50 fail, 25 holds, then halfway between 25 and 50 (38 fails).
    assertThat(tried).containsExactly(100.0, 50.0, 25.0, 38.0);
    assertThat(search.highestHeld()).hasValue(25.0);
  }

  @Test
  void aLoopThatHoldsNothingEndsTheSearchAtTheLowestRate() {
    var search = new RateSearch(40, 8);

    List<Double> tried = run(search, rate -> false);

    // 40, 20, 10, 5; half of 5 is below the lowest rate tried.
    assertThat(tried).containsExactly(40.0, 20.0, 10.0, 5.0);
    assertThat(search.highestHeld()).isEmpty();
  }

  @Test
  void stopsAtTheCapOnStepsEvenWhileEveryStepHolds() {
    var search = new RateSearch(20, 3);

    List<Double> tried = run(search, rate -> true);

    assertThat(tried).containsExactly(20.0, 25.0, 31.0);
    assertThat(search.highestHeld()).hasValue(31.0);
  }

  @Test
  void aSmallRateStillClimbsByAtLeastOneMessageASecond() {
    List<Double> tried = run(new RateSearch(2, 3), rate -> true);

    assertThat(tried).containsExactly(2.0, 3.0, 4.0);
  }

  private static List<Double> run(RateSearch search, DoublePredicate holds) {
    List<Double> tried = new ArrayList<>();
    for (var rate = search.next(); rate.isPresent(); rate = search.next()) {
      tried.add(rate.getAsDouble());
      search.record(rate.getAsDouble(), holds.test(rate.getAsDouble()));
    }
    return tried;
  }
}
