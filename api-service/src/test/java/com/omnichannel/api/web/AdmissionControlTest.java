package com.omnichannel.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Work in flight is bounded; the excess is refused at once with 503 and Retry-After. */
class AdmissionControlTest {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void theLimitIsSizedFromThePoolUnlessSet() {
    assertThat(new AdmissionControl(maxConcurrentRequests(0), 20, meters).limit()).isEqualTo(100);
    assertThat(new AdmissionControl(maxConcurrentRequests(0), 1, meters).limit()).isEqualTo(5);
    assertThat(new AdmissionControl(maxConcurrentRequests(5), 20, meters).limit()).isEqualTo(5);
  }

  @Test
  void requestsOverTheLimitAre503WithRetryAfterWhileTheAdmittedOnesFinish() throws Exception {
    var admission = new AdmissionControl(maxConcurrentRequests(2), 20, meters);
    var release = new CountDownLatch(1);
    var entered = new CountDownLatch(2);
    HttpServlet slow = heldUntil(release, entered, 201);
    var first = CompletableFuture.supplyAsync(() -> call(admission, slow, "/webhooks/inbound"));
    var second = CompletableFuture.supplyAsync(() -> call(admission, slow, "/conversations/1"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    MockHttpServletResponse refused = call(admission, slow, "/webhooks/inbound");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(refused.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    assertThat(refused.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(refused.getContentAsString()).contains("\"status\":503", "at capacity");
    assertThat(took).isLessThan(Duration.ofSeconds(1));
    assertThat(meters.counter("omni.http.refused_overload").count()).isEqualTo(1);
    // Paths that need no database are never refused.
    assertThat(call(admission, okServlet(), "/actuator/health").getStatus()).isEqualTo(200);

    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(201);
    assertThat(second.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(201);
    // The slots are free again.
    assertThat(call(admission, okServlet(), "/webhooks/inbound").getStatus()).isEqualTo(200);
  }

  /**
   * Opening an event stream looks up its key or token and may replay from Kafka: it takes a slot
   * like any API call, so streams opened in bulk cannot starve the webhooks.
   */
  @Test
  void openingAnEventStreamTakesASlotLikeAnApiCall() throws Exception {
    var admission = new AdmissionControl(maxConcurrentRequests(1), 20, meters);
    var release = new CountDownLatch(1);
    var entered = new CountDownLatch(1);
    HttpServlet opening = heldUntil(release, entered, 200);
    var stream = CompletableFuture.supplyAsync(() -> call(admission, opening, "/events"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(call(admission, okServlet(), "/webhooks/inbound").getStatus()).isEqualTo(503);
    assertThat(call(admission, okServlet(), "/events").getStatus()).isEqualTo(503);

    release.countDown();
    assertThat(stream.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    assertThat(call(admission, okServlet(), "/webhooks/inbound").getStatus()).isEqualTo(200);
  }

  private static HttpProperties maxConcurrentRequests(int max) {
    return new HttpProperties(65_536, 3_145_728, max);
  }

  /** Counts down {@code entered}, then answers {@code status} once {@code release} opens. */
  private static HttpServlet heldUntil(CountDownLatch release, CountDownLatch entered, int status) {
    return new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) {
        entered.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        response.setStatus(status);
      }
    };
  }

  private static HttpServlet okServlet() {
    return new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(200);
      }
    };
  }

  private static MockHttpServletResponse call(
      AdmissionControl admission, HttpServlet servlet, String path) {
    var request = new MockHttpServletRequest("POST", path);
    var response = new MockHttpServletResponse();
    try {
      admission.doFilter(request, response, new MockFilterChain(servlet));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return response;
  }
}
