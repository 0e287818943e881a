package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;

import com.omnichannel.api.ratelimit.RateLimiter;
import com.omnichannel.api.security.ApiKeys;
import com.omnichannel.api.security.SecurityConfig;
import com.omnichannel.api.security.StreamTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * A stream that ends while it is still being set up (its replay took long enough for live events to
 * overflow its queue, or its key was revoked meanwhile) gives its place back: Spring never calls
 * the completion callback of an emitter that was complete before the controller returned it.
 */
@WebMvcTest(EventStreamController.class)
@Import({
  SecurityConfig.class,
  SimpleMeterRegistry.class,
  StreamSlots.class,
  EventStreamUnavailableTest.Infra.class
})
@TestPropertySource(properties = "spring.config.name=api-service")
class StreamSetupTest {

  @Autowired MockMvcTester mvc;
  @Autowired StreamSlots slots;
  @MockitoBean EventFanOut fanOut;
  @MockitoBean ApiKeys apiKeys;
  @MockitoBean StreamTokens streamTokens;
  @MockitoBean RateLimiter rateLimiter;

  @Test
  void aStreamClosedBeforeTheControllerReturnsGivesItsPlaceBack() {
    given(fanOut.ready()).willReturn(true);
    AtomicReference<Subscription> subscribed = new AtomicReference<>();
    willAnswer(
            invocation -> {
              Subscription subscription = invocation.getArgument(0);
              subscribed.set(subscription);
              subscription.close();
              return null;
            })
        .given(fanOut)
        .subscribe(any(), any());

    mvc.get()
        .uri("/events")
        .with(authentication(EventStreamUnavailableTest.ACME))
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange();

    assertThat(subscribed.get()).isNotNull();
    assertThat(slots.open()).isZero();
    assertThat(slots.open(1)).isZero();
    verify(fanOut, atLeastOnce()).unsubscribe(subscribed.get());
  }

  @Test
  void aStreamWhoseSubscribeFailedIsClosedAndGivesItsPlaceBack() {
    given(fanOut.ready()).willReturn(true);
    AtomicReference<Subscription> subscribed = new AtomicReference<>();
    willAnswer(
            invocation -> {
              subscribed.set(invocation.getArgument(0));
              throw new IllegalStateException("the partition went away");
            })
        .given(fanOut)
        .subscribe(any(), any());

    mvc.get()
        .uri("/events")
        .with(authentication(EventStreamUnavailableTest.ACME))
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange();

    assertThat(subscribed.get().isClosed()).isTrue();
    assertThat(slots.open()).isZero();
    verify(fanOut, atLeastOnce()).unsubscribe(subscribed.get());
  }
}
