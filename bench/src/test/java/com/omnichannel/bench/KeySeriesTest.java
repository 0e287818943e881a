package com.omnichannel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.omnichannel.bench.KeySeries.Phase;
import com.omnichannel.bench.KeySeries.Row;
import com.omnichannel.bench.PrometheusScrapes.Scrape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeySeriesTest {

  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void quantileInterpolatesWithinTheBucketThatReachesTheRank() {
    var buckets = cumulative(0.01, 10, 0.02, 60, 0.05, 90, 0.1, 100, INF, 100);

    assertThat(KeySeries.quantile(0.05, buckets)).isCloseTo(0.005, within(1e-12));
    assertThat(KeySeries.quantile(0.5, buckets)).isCloseTo(0.018, within(1e-12));
    assertThat(KeySeries.quantile(0.99, buckets)).isCloseTo(0.095, within(1e-12));
  }

  @Test
  void quantileInTheInfiniteBucketIsTheHighestFiniteBound() {
    assertThat(KeySeries.quantile(0.99, cumulative(0.1, 90, 0.5, 95, INF, 100))).isEqualTo(0.5);
  }

  @Test
  void quantileOfNoObservationsOrOfACountThatFellIsNoValue() {
    assertThat(KeySeries.quantile(0.99, cumulative(0.1, 0, INF, 0))).isNaN();
    assertThat(KeySeries.quantile(0.99, cumulative(0.1, 5, INF, -3))).isNaN();
    assertThat(KeySeries.quantile(0.99, cumulative(0.1, 5, 0.2, 5))).isNaN();
  }

  @Test
  void percentilesCountOnlyWhatTheIntervalObserved() {
    // 1,000 fast webhooks before the interval, then 100 between 10 and 100 ms in it.
    Scrape before = scrape(0, bucket("0.01", 1000), bucket("0.1", 1000), bucket("+Inf", 1000));
    Scrape after = scrape(5000, bucket("0.01", 1000), bucket("0.1", 1100), bucket("+Inf", 1100));

    double p50 =
        KeySeries.quantile(0.5, before, after, "omni_webhook_latency_seconds_bucket", s -> true);

    assertThat(p50).isCloseTo(0.055, within(1e-12));
  }

  @Test
  void bucketsOfSeveralOutcomesAddUpByBound() {
    Scrape before = scrape(0);
    Scrape after =
        scrape(
            5000,
            bucket("stored", "0.01", 90),
            bucket("stored", "+Inf", 90),
            bucket("refused", "0.01", 0),
            bucket("refused", "+Inf", 10));

    // 90 of 100 under 10 ms; the 10 refusals lie beyond the highest bound.
    assertThat(
            KeySeries.quantile(
                0.9, before, after, "omni_webhook_latency_seconds_bucket", s -> true))
        .isCloseTo(0.01, within(1e-12));
    assertThat(
            KeySeries.quantile(
                0.95, before, after, "omni_webhook_latency_seconds_bucket", s -> true))
        .isEqualTo(0.01);
    assertThat(
            KeySeries.quantile(
                0.5, before, after, "omni_webhook_latency_seconds_bucket", s -> true))
        .isCloseTo(0.01 * 50 / 90, within(1e-12));
  }

  @Test
  void rateIsTheIncreasePerSecondAndANewSeriesStartsFromZero() {
    Scrape before = scrape(0, count("stored", 100));
    Scrape after = scrape(5000, count("stored", 600), count("refused", 25));

    assertThat(rate(before, after, "stored")).isEqualTo(100.0);
    assertThat(rate(before, after, "refused")).isEqualTo(5.0);
    assertThat(rate(before, after, "duplicate")).isZero();
    assertThat(rate(null, after, "stored")).isNaN();
    assertThat(rate(before, scrape(10000), "stored")).isNaN();
  }

  @Test
  void lagIsSummedOverTopicsAndCountedOnceWhenTwoServicesReportIt() {
    Scrape api =
        scrape(0, lag("api-service", "omni.replies", 3), lag("api-service", "omni.status", 4));
    Scrape worker =
        scrape(0, lag("ai-reply-worker", "omni.inbound", 7), lag("api-service", "omni.replies", 5));

    assertThat(KeySeries.lagByGroup(Arrays.asList(api, worker, null)))
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("ai-reply-worker", 7.0, "api-service", 9.0)));
  }

  @Test
  void sparklineScalesFromNothingToTheHighestValue() {
    assertThat(KeySeries.sparkline(List.of(0.0, 1.0, 2.0, 4.0, 8.0, Double.NaN, 7.5)))
        .isEqualTo("▁▁▂▄█ █");
    assertThat(KeySeries.sparkline(List.of(0.0, 0.0))).isEqualTo("▁▁");
  }

  @Test
  void rowsFollowTheScrapesOfTheApiUntilTheFloorAndNameTheirPhase() {
    List<Phase> phases =
        List.of(new Phase(1000, "warm-up"), new Phase(11000, "rate"), new Phase(21000, "floor"));
    List<Scrape> api =
        List.of(
            scrape(1000, count("stored", 0)),
            scrape(6000, count("stored", 250), heap(100)),
            scrape(11000, count("stored", 500), heap(200)),
            scrape(16000, count("stored", 750)),
            scrape(21000, count("stored", 750)));
    List<Scrape> worker = List.of(scrape(6000, lag("ai-reply-worker", "omni.inbound", 2)));

    List<Row> rows = KeySeries.rows(phases, api, List.of(worker));

    assertThat(rows).extracting(Row::seconds).containsExactly(0L, 5L, 10L, 15L);
    assertThat(rows).extracting(Row::phase).containsExactly("warm-up", "warm-up", "rate", "rate");
    assertThat(rows).extracting(Row::storedPerSecond).containsExactly(Double.NaN, 50.0, 50.0, 50.0);
    assertThat(rows.get(1).heapMebibytes()).isEqualTo(100.0);
    assertThat(rows.get(1).lagByGroup()).containsEntry("ai-reply-worker", 2.0);
    assertThat(rows.get(2).lagByGroup()).isEmpty();

    String section = KeySeries.render(rows, phases);
    assertThat(section)
        .contains("## Key series")
        .contains("phase" + " ".repeat(16) + "wwrr\n")
        .contains("webhooks stored/s" + " ".repeat(4) + " ███  max 50\n")
        .contains("| 5 | warm-up | 50 | 0 | – |");
  }

  @Test
  void aScrapeThatGotNoAnswerLeavesAGapAndTheNextRowSpansIt() {
    List<Scrape> api =
        List.of(
            scrape(0, count("stored", 100)),
            scrape(5000),
            scrape(10000, count("stored", 200)),
            scrape(15000, count("stored", 250)));

    List<Row> rows = KeySeries.rows(List.of(), api, List.of());

    assertThat(rows)
        .extracting(Row::storedPerSecond)
        .containsExactly(Double.NaN, Double.NaN, 10.0, 10.0);
  }

  @Test
  void numbersShowWholeValuesWithoutDecimals() {
    assertThat(KeySeries.number(9.0)).isEqualTo("9");
    assertThat(KeySeries.number(6.44)).isEqualTo("6.4");
    assertThat(KeySeries.number(1234.5)).isEqualTo("1235");
    assertThat(KeySeries.number(Double.NaN)).isEqualTo("–");
  }

  private static double rate(Scrape before, Scrape after, String outcome) {
    return KeySeries.rate(
        before, after, "omni_webhook_latency_seconds_count", s -> s.has("outcome", outcome));
  }

  private static TreeMap<Double, Double> cumulative(double... boundAndCount) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (int i = 0; i < boundAndCount.length; i += 2) {
      buckets.put(boundAndCount[i], boundAndCount[i + 1]);
    }
    return buckets;
  }

  private static Scrape scrape(long at, String... lines) {
    return PrometheusScrapes.parse("# scrape " + at + "\n" + String.join("\n", lines)).get(0);
  }

  private static String bucket(String le, double count) {
    return bucket("stored", le, count);
  }

  private static String bucket(String outcome, String le, double count) {
    return "omni_webhook_latency_seconds_bucket{application=\"api-service\",outcome=\""
        + outcome
        + "\",webhook=\"inbound\",le=\""
        + le
        + "\"} "
        + count;
  }

  private static String count(String outcome, double count) {
    return "omni_webhook_latency_seconds_count{application=\"api-service\",outcome=\""
        + outcome
        + "\",webhook=\"inbound\"} "
        + count;
  }

  private static String lag(String group, String topic, double records) {
    return "omni_kafka_consumer_lag{application=\"x\",group=\""
        + group
        + "\",topic=\""
        + topic
        + "\"} "
        + records;
  }

  private static String heap(double mebibytes) {
    return "jvm_memory_used_bytes{application=\"api-service\",area=\"heap\",id=\"G1 Eden Space\"} "
        + mebibytes * 1024 * 1024;
  }
}
