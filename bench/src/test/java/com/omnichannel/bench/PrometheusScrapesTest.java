package com.omnichannel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.bench.PrometheusScrapes.Scrape;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusScrapesTest {

  @Test
  void readsEveryScrapeWithItsTimeAndSamples() {
    List<Scrape> scrapes =
        PrometheusScrapes.parse(
            """
            # scrape 1700000000000
            # HELP omni_outbox_pending Outbox rows not yet relayed
            # TYPE omni_outbox_pending gauge
            omni_outbox_pending{application="api-service"} 12.0
            omni_webhook_latency_seconds_bucket{application="api-service",outcome="stored",webhook="inbound",le="0.005"} 3.0
            omni_webhook_latency_seconds_bucket{application="api-service",outcome="stored",webhook="inbound",le="+Inf"} 4.0

            # scrape 1700000005000
            omni_outbox_pending{application="api-service"} 1.5E3
            """);

    assertThat(scrapes)
        .extracting(Scrape::epochMillis)
        .containsExactly(1700000000000L, 1700000005000L);
    assertThat(scrapes.get(0).samples()).hasSize(3);
    assertThat(scrapes.get(0).sum("omni_outbox_pending", s -> true)).isEqualTo(12.0);
    assertThat(scrapes.get(1).sum("omni_outbox_pending", s -> true)).isEqualTo(1500.0);
    assertThat(KeySeries.buckets(scrapes.get(0), "omni_webhook_latency_seconds_bucket", s -> true))
        .containsEntry(0.005, 3.0)
        .containsEntry(Double.POSITIVE_INFINITY, 4.0);
  }

  @Test
  void labelValuesKeepEscapedQuotesCommasAndBraces() {
    var sample =
        PrometheusScrapes.sample(
            "http_requests_total{uri=\"/a,b}\",note=\"say \\\"hi\\\"\\\\\",code=\"200\",} 7 1700000000000");

    assertThat(sample.name()).isEqualTo("http_requests_total");
    assertThat(sample.labels())
        .containsEntry("uri", "/a,b}")
        .containsEntry("note", "say \"hi\"\\")
        .containsEntry("code", "200");
    assertThat(sample.value()).isEqualTo(7.0);
  }

  @Test
  void namesWithoutLabelsAndSpecialValues() {
    assertThat(PrometheusScrapes.sample("process_uptime_seconds 42.5").value()).isEqualTo(42.5);
    assertThat(PrometheusScrapes.sample("x{a=\"b\"} NaN").value()).isNaN();
    assertThat(PrometheusScrapes.sample("x{a=\"b\"} +Inf").value()).isInfinite();
    assertThat(PrometheusScrapes.sample("x{a=\"b\"} -Inf").value())
        .isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aLineCutShortWhenTheSamplerStoppedIsLeftOut() {
    List<Scrape> scrapes =
        PrometheusScrapes.parse(
            """
            # scrape 1000
            omni_outbox_pending{application="api-service"} 2.0
            omni_outbox_oldest_age_seconds{application="api-ser""");

    assertThat(scrapes).hasSize(1);
    assertThat(scrapes.get(0).samples()).hasSize(1);
    assertThat(PrometheusScrapes.sample("omni_outbox_pending{application=\"api\"} 1.")).isNotNull();
    assertThat(PrometheusScrapes.sample("omni_outbox_pending{application=\"api\"} ")).isNull();
  }

  @Test
  void aFailedScrapeIsAScrapeWithoutSamples() {
    List<Scrape> scrapes = PrometheusScrapes.parse("# scrape 1000\n# scrape 6000\nup 1\n");

    assertThat(scrapes).hasSize(2);
    assertThat(scrapes.get(0).samples()).isEmpty();
    assertThat(scrapes.get(0).sum("up", s -> true)).isNaN();
    assertThat(scrapes.get(1).sum("up", s -> true)).isEqualTo(1.0);
  }
}
