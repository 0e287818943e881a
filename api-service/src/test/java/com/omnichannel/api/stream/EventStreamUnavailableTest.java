package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;

import com.omnichannel.api.ratelimit.RateLimiter;
import com.omnichannel.api.security.ApiKeys;
import com.omnichannel.api.security.CompanyPrincipal;
import com.omnichannel.api.security.SecurityConfig;
import com.omnichannel.api.security.StreamTokens;
import com.omnichannel.kafka.RecordTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** An instance whose event reader has no partitions yet refuses streams as a problem, for now. */
@WebMvcTest(EventStreamController.class)
@Import({
  SecurityConfig.class,
  SimpleMeterRegistry.class,
  StreamSlots.class,
  EventStreamUnavailableTest.Infra.class
})
@TestPropertySource(properties = "spring.config.name=api-service")
class EventStreamUnavailableTest {

  @EnableConfigurationProperties(StreamProperties.class)
  static class Infra {
    @Bean
    RecordTracing recordTracing() {
      return new RecordTracing(Tracer.NOOP, Propagator.NOOP);
    }

    @Bean
    TaskExecutor applicationTaskExecutor() {
      return new SyncTaskExecutor();
    }
  }

  static final UsernamePasswordAuthenticationToken ACME =
      UsernamePasswordAuthenticationToken.authenticated(
          new CompanyPrincipal(1, 1), null, List.of(new SimpleGrantedAuthority("ROLE_COMPANY")));

  @Autowired MockMvcTester mvc;
  @MockitoBean EventFanOut fanOut;
  @MockitoBean ApiKeys apiKeys;
  @MockitoBean StreamTokens streamTokens;
  @MockitoBean RateLimiter rateLimiter;

  @Test
  void aStreamOpenedBeforeTheEventsAreFollowedIs503WithAProblemAndRetryAfter() {
    given(fanOut.ready()).willReturn(false);

    var result =
        mvc.get()
            .uri("/events")
            .with(authentication(ACME))
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange();

    assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "1");
    assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .hasPathSatisfying("$.type", type -> type.assertThat().isEqualTo("about:blank"))
        .hasPathSatisfying("$.title", title -> title.assertThat().isEqualTo("Service Unavailable"))
        .hasPathSatisfying("$.status", status -> status.assertThat().isEqualTo(503))
        .hasPathSatisfying(
            "$.detail",
            detail -> detail.assertThat().asString().contains("Event streams", "retry after 1 s"));
    verify(fanOut, never()).subscribe(any(), any());
  }

  @Test
  void aBrowsersOwnReconnectBeforeTheEventsAreFollowedIsToldToComeBackNotRefused() {
    given(fanOut.ready()).willReturn(false);

    var result =
        mvc.get()
            .uri("/events")
            .with(authentication(ACME))
            .header("Last-Event-ID", "42")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange();

    assertThat(result).hasStatusOk();
    assertThat(result).hasContentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM);
    assertThat(result).bodyText().contains("retry:1000");
    verify(fanOut, never()).subscribe(any(), any());
  }
}
