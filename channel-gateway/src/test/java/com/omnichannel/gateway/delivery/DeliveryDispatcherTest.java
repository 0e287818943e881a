package com.omnichannel.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.OutboundMessageRequested;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher gives back an attempt's in-flight slots however the attempt ends. */
class DeliveryDispatcherTest {

  final List<Attempt> reported = new CopyOnWriteArrayList<>();

  /** Records the reports instead of publishing them. */
  final DeliveryReporter reporter =
      new DeliveryReporter(null, null, null, null, null) {
        @Override
        void report(
            OutboundMessageRequested request, String correlationId, Attempt attempt, Span span) {
          reported.add(attempt);
        }
      };

  final ProviderClient client = ProviderClientTest.client(true);

  @AfterEach
  void stopClient() {
    client.destroy();
  }

  @Test
  void anAttemptThatThrowsIsReportedRetryableAndGivesItsSlotsBack() {
    var limits = new InFlightLimits(1, 1, 1);
    var dispatcher =
        new DeliveryDispatcher(
            client,
            limits,
            reporter,
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            ProviderClientTest.settings(true));

    // A request without a body (as a malformed record might read) fails building the HTTP request.
    dispatcher.dispatch(
        withoutBody(ProviderClientTest.request("http://127.0.0.1:9/hook")), "corr-1", Span.NOOP);

    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).outcome()).isEqualTo(DeliveryOutcome.RETRYABLE);
    assertThat(reported.get(0).error()).startsWith("unexpected failure");
    assertThat(limits.inFlight()).isZero();
    assertThat(limits.tryAcquire(2, 4)).isEmpty();
  }

  static OutboundMessageRequested withoutBody(OutboundMessageRequested request) {
    return new OutboundMessageRequested(
        request.eventId(),
        request.eventType(),
        request.schemaVersion(),
        request.occurredAt(),
        request.companyId(),
        request.conversationId(),
        request.messageId(),
        request.channelId(),
        request.attempt(),
        request.outboundUrl(),
        null,
        request.signature(),
        request.correlationId(),
        request.provider(),
        request.contentType(),
        request.sealedCredentials());
  }
}
