package com.omnichannel.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Providers delivering inbound messages: unique provider ids, spread over many contacts.
 *
 * <p>{@code bench.rate} deliveries a second whatever the latency (latency at a fixed load; wrk
 * measures throughput). Provider ids start with {@code bench.run}, so the report can find the run's
 * messages.
 */
public class WebhookSimulation extends Simulation {

  static final String BASE_URL = System.getProperty("bench.url", "http://127.0.0.1:8000");
  static final int RATE = Integer.getInteger("bench.rate", 500);
  static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("bench.seconds", 30));
  static final int CONTACTS = Integer.getInteger("bench.contacts", 10_000);
  static final String RUN = System.getProperty("bench.run", "bench");

  /**
   * Seconds at the fixed rate before the measured ones: this JVM's own JIT takes the cores for the
   * first seconds, and its slowness would be counted against the system.
   */
  static final Duration WARM_UP =
      Duration.ofSeconds(Integer.getInteger("bench.warmup-seconds", 20));

  static final String MEASURED = "POST /webhooks/inbound";
  static final String WARMING_UP = "warm-up (not counted)";

  static final AtomicLong SEQUENCE = new AtomicLong();

  static String body(String run) {
    long n = SEQUENCE.incrementAndGet();
    int contact = ThreadLocalRandom.current().nextInt(CONTACTS);
    return """
        {"company_id": 1, "channel_id": 1, "from": "+1777%07d", "text": "Benchmark message %d", "channel_message_id": "%s-%d"}
        """
        .formatted(contact, n, run, n);
  }

  final HttpProtocolBuilder protocol =
      http.baseUrl(BASE_URL)
          .contentTypeHeader("application/json")
          .acceptHeader("application/json")
          .shareConnections();

  static ChainBuilder deliver(String request, String run) {
    return exec(
        http(request)
            .post("/webhooks/inbound")
            .body(StringBody(session -> body(run)))
            .check(status().in(200, 201)));
  }

  {
    // The warm-up's provider ids do not start with the run id, so its replies are not counted.
    setUp(
            scenario("warm-up at " + RATE + " req/s")
                .exec(deliver(WARMING_UP, "warmup-" + RUN))
                .injectOpen(constantUsersPerSec(RATE).during(WARM_UP))
                .andThen(
                    scenario("webhook at " + RATE + " req/s")
                        .exec(deliver(MEASURED, RUN))
                        .injectOpen(constantUsersPerSec(RATE).during(DURATION))))
        .protocols(protocol);
  }
}
