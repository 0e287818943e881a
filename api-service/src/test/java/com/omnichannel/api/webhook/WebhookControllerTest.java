package com.omnichannel.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

import com.omnichannel.api.ProviderCalls;
import com.omnichannel.api.conversation.Conversation;
import com.omnichannel.api.conversation.ConversationStatus;
import com.omnichannel.api.conversation.InboundResult;
import com.omnichannel.api.ratelimit.RateLimiter;
import com.omnichannel.api.security.ApiKeys;
import com.omnichannel.api.security.SecurityConfig;
import com.omnichannel.api.security.StreamTokens;
import com.omnichannel.kafka.RecordTracing;
import com.omnichannel.testing.TestWebhook;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The webhook's HTTP layer alone: status codes, headers and validation. */
@WebMvcTest(WebhookController.class)
// The admission filter counts refusals and the webhook's filter measures and traces; the slice
// has no metrics or tracing auto-configuration.
@Import({SecurityConfig.class, SimpleMeterRegistry.class, WebhookControllerTest.NoTracing.class})
@TestPropertySource(properties = "spring.config.name=api-service")
class WebhookControllerTest {

  static class NoTracing {
    @Bean
    RecordTracing recordTracing() {
      return new RecordTracing(Tracer.NOOP, Propagator.NOOP);
    }
  }

  static final TestWebhook WEBHOOK = TestWebhook.inbound();
  static final Conversation CONVERSATION =
      new Conversation(
          7,
          1,
          1,
          3,
          1,
          Instant.parse("2026-01-01T00:00:00Z"),
          Instant.parse("2026-01-01T00:00:00Z"),
          Instant.parse("2026-01-01T00:00:00Z"),
          ConversationStatus.OPEN);

  @Autowired MockMvcTester mvc;
  @MockitoBean InboundMessageService service;
  @MockitoBean ApiKeys apiKeys;
  @MockitoBean StreamTokens streamTokens;
  @MockitoBean RateLimiter rateLimiter;

  @Test
  void newMessageIs201WithLocationAndCorrelationId() {
    given(service.receive(any(), any(), any(), eq("trace-1")))
        .willReturn(new InboundResult(CONVERSATION, false));

    var result = ProviderCalls.deliver(mvc, WEBHOOK, Map.of("X-Correlation-Id", "trace-1"));

    assertThat(result).hasStatus(HttpStatus.CREATED);
    assertThat(result).hasHeader("Location", "/conversations/7");
    assertThat(result).hasHeader("X-Correlation-Id", "trace-1");
    assertThat(result).bodyJson().extractingPath("$.contact_id").asNumber().isEqualTo(3);
  }

  @Test
  void repeatedMessageIs200() {
    given(service.receive(any(), any(), any(), any()))
        .willReturn(new InboundResult(CONVERSATION, true));

    var result = ProviderCalls.deliver(mvc, WEBHOOK);

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.id").asNumber().isEqualTo(7);
  }

  @Test
  void invalidBodyNeverReachesTheService() {
    TestWebhook withoutChannel = TestWebhook.inbound().without("channel_id");

    var result = ProviderCalls.deliver(mvc, withoutChannel);

    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("channel_id must not be null");
    verifyNoInteractions(service);
  }
}
