package com.omnichannel.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The open health is worked out (here: by a health double behind the filter, which counts) at most
 * once a second per path, however often it is asked for; the admin's is live.
 */
class PublicHealthTest {

  final AtomicLong nanos = new AtomicLong();
  final Ticker ticker = nanos::get;
  final PublicHealth health = new PublicHealth(ticker);
  final AtomicInteger workedOut = new AtomicInteger();
  volatile int status = 200;

  final FilterChain healthEndpoint =
      (request, response) -> {
        workedOut.incrementAndGet();
        var http = (HttpServletResponse) response;
        http.setStatus(status);
        http.setContentType("application/vnd.spring-boot.actuator.v3+json");
        String body = status == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}";
        http.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      };

  @AfterEach
  void clearTheCaller() {
    SecurityContextHolder.clearContext();
  }

  MockHttpServletResponse get(String path) throws Exception {
    var response = new MockHttpServletResponse();
    health.doFilter(new MockHttpServletRequest("GET", path), response, healthEndpoint);
    return response;
  }

  @Test
  void anonymousCallersWithinASecondGetOneAnswerWorkedOutOnce() throws Exception {
    for (int i = 0; i < 20; i++) {
      var response = get("/actuator/health");
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(response.getContentType()).startsWith("application/vnd.spring-boot.actuator");
    }
    assertThat(workedOut).hasValue(1);

    status = 503;
    nanos.addAndGet(PublicHealth.INTERVAL.toNanos() - 1);
    assertThat(get("/actuator/health").getStatus()).isEqualTo(200);
    assertThat(workedOut).hasValue(1);

    nanos.addAndGet(1);
    var later = get("/actuator/health");
    assertThat(later.getStatus()).isEqualTo(503);
    assertThat(later.getContentAsString()).contains("DOWN");
    assertThat(get("/actuator/health").getStatus()).isEqualTo(503);
    assertThat(workedOut).hasValue(2);
  }

  @Test
  void eachProbeGroupIsKeptOnItsOwn() throws Exception {
    get("/actuator/health/readiness");
    get("/actuator/health/readiness");
    get("/actuator/health/liveness");
    get("/actuator/health/liveness");

    assertThat(workedOut).hasValue(2);
  }

  @Test
  void theAdminSeesLiveHealthEveryTime() throws Exception {
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "admin", null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));

    for (int i = 0; i < 3; i++) {
      assertThat(get("/actuator/health").getStatus()).isEqualTo(200);
    }

    assertThat(workedOut).hasValue(3);
  }

  @Test
  void otherPathsAndAnswersAreNotKept() throws Exception {
    get("/actuator/prometheus");
    get("/actuator/prometheus");
    status = 404;
    get("/actuator/health/nothing");
    get("/actuator/health/nothing");

    assertThat(workedOut).hasValue(4);
  }
}
