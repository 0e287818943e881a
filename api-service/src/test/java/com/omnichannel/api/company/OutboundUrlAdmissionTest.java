package com.omnichannel.api.company;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.contracts.HostLookup;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Channels whose outbound URL's host is slow to resolve wait for it without an admission permit:
 * with every one of them waiting, a webhook-sized request is still admitted.
 */
@ApiIntegrationTest(
    properties = {
      "omni.http.max-concurrent-requests=" + OutboundUrlAdmissionTest.LIMIT,
      "omni.outbound.dns-timeout=30s"
    })
class OutboundUrlAdmissionTest {

  static final int LIMIT = 2;
  static final int SLOW_CHANNELS = 2 * LIMIT;

  static final CountDownLatch answer = new CountDownLatch(1);
  static final AtomicInteger lookingUp = new AtomicInteger();

  @TestConfiguration
  static class SlowDns {

    /** Hosts under slow.example answer a public address once the test lets them. */
    @Bean
    HostLookup.Resolver slowDns() {
      return host -> {
        if (!host.endsWith(".slow.example")) {
          return HostLookup.SYSTEM.resolve(host);
        }
        lookingUp.incrementAndGet();
        try {
          answer.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new InetAddress[] {InetAddress.getByName("203.0.113.10")};
      };
    }
  }

  @Autowired MockMvcTester mvc;
  @Autowired MeterRegistry meters;

  @AfterEach
  void letTheLookUpsEnd() {
    answer.countDown();
  }

  @Test
  void channelsWaitingForDnsHoldNoAdmissionPermit() throws Exception {
    List<CompletableFuture<MvcTestResult>> creations = new ArrayList<>();
    for (int i = 0; i < SLOW_CHANNELS; i++) {
      String body =
          """
          {"name": "Slow %1$d", "type": "sms", "outbound_url": "https://c%1$d-%2$d.slow.example/hook"}
          """
              .formatted(i, System.nanoTime());
      creations.add(CompletableFuture.supplyAsync(() -> post("/companies/1/channels", body)));
      // One at a time: each is admitted, then waits for its look-up (or is answered).
      int waiting = i + 1;
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  lookingUp.get() == waiting
                      || creations.stream().anyMatch(CompletableFuture::isDone));
    }

    // None has been answered: each waits for its look-up, none was refused admission.
    assertThat(creations)
        .allSatisfy(
            creation -> assertThat(creation).withFailMessage(() -> answered(creation)).isNotDone());
    assertThat(lookingUp).hasValue(SLOW_CHANNELS);

    assertThat(meters.get("omni.http.in_flight").gauge().value()).isZero();
    assertThat(get("/companies/1/users")).hasStatus(HttpStatus.OK);
    answer.countDown();
    // All resume at once and take a permit again: as many as there are get one and create their
    // channel; the rest are refused as at admission, and every permit comes back.
    int created = 0;
    for (var creation : creations) {
      MvcTestResult result = creation.get(20, TimeUnit.SECONDS);
      if (result.getResponse().getStatus() == HttpStatus.CREATED.value()) {
        created++;
      } else {
        assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(result.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
      }
    }
    assertThat(created).isGreaterThanOrEqualTo(LIMIT);
    assertThat(meters.get("omni.http.in_flight").gauge().value()).isZero();
  }

  static String answered(CompletableFuture<MvcTestResult> creation) {
    MvcTestResult result = creation.join();
    try {
      return result.getResponse().getStatus() + " " + result.getResponse().getContentAsString();
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  MvcTestResult post(String path, String json) {
    return mvc.post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer acme-demo-key")
        .contentType(MediaType.APPLICATION_JSON)
        .content(json)
        .exchange();
  }

  MvcTestResult get(String path) {
    return mvc.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer acme-demo-key").exchange();
  }
}
