package com.omnichannel.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.contracts.DeliveryOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What each kind of answer of a generic channel's endpoint, or the lack of one, means for the
 * message, without a network. The providers' own answers have tests of their own.
 */
class ProviderResponsesTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  final ProviderResponses responses = responses();

  /** The answers' reader as the gateway has it, at {@link #NOW}. */
  static ProviderResponses responses() {
    return new ProviderResponses(
        JsonMapper.builder().build(),
        Clock.fixed(NOW, ZoneOffset.UTC),
        new OutboundProperties(
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            false,
            List.of(),
            Duration.ofSeconds(2),
            64,
            500,
            2000,
            Duration.ofSeconds(50)));
  }

  @Test
  void successTakesTheProvidersIdFromIdOrMessageId() {
    assertThat(responses.answered(Provider.GENERIC, 200, null, bytes("{\"id\":\"abc\"}")))
        .isEqualTo(Attempt.sent(200, "abc"));
    assertThat(
            responses.answered(Provider.GENERIC, 201, null, bytes("{\"message_id\":12345678901}")))
        .isEqualTo(Attempt.sent(201, "12345678901"));
    assertThat(
            responses.answered(
                Provider.GENERIC, 202, null, bytes("{\"id\":7,\"message_id\":\"x\"}")))
        .isEqualTo(Attempt.sent(202, "7"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "OK", "[\"id\"]", "{\"id\":null}", "{\"id\":{\"v\":1}}", "\"id\""})
  void successWithoutAReadableIdHasNone(String body) {
    assertThat(responses.answered(Provider.GENERIC, 200, null, bytes(body)))
        .isEqualTo(Attempt.sent(200, null));
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void throttlingTimeoutsAndServerErrorsAreRetryable(int status) {
    Attempt attempt = responses.answered(Provider.GENERIC, status, "3", bytes("later"));

    assertThat(attempt.outcome()).isEqualTo(DeliveryOutcome.RETRYABLE);
    assertThat(attempt.httpStatus()).isEqualTo(status);
    assertThat(attempt.retryAfterMillis()).isEqualTo(3_000L);
    assertThat(attempt.error()).isEqualTo("HTTP " + status);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 307, 400, 401, 403, 404, 409, 410, 422})
  void redirectsAndOtherClientErrorsAreRejected(int status) {
    Attempt attempt = responses.answered(Provider.GENERIC, status, "3", bytes(""));

    assertThat(attempt.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(attempt.httpStatus()).isEqualTo(status);
    assertThat(attempt.retryAfterMillis()).isNull();
    assertThat(attempt.error()).isEqualTo("HTTP " + status);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "upstream db-7.internal:5432 refused",
        "{\"error\":\"token abc123 expired\"}",
        "<html><body>502 Bad Gateway</body></html>"
      })
  void theErrorIsTheStatusAloneAndNeverQuotesTheBody(String body) {
    // A tenant reads the error as delivery_error: it must not show what its endpoint's (or an
    // internal service's) body says.
    assertThat(responses.answered(Provider.GENERIC, 502, null, bytes(body)).error())
        .isEqualTo("HTTP 502");
    assertThat(responses.answered(Provider.GENERIC, 400, null, bytes(body)).error())
        .isEqualTo("HTTP 400");
  }

  @Test
  void timeoutsAreRetryableAndSayHowLongWasWaited() {
    assertThat(
            responses.failed(new CompletionException(new SocketTimeoutException("Read timed out"))))
        .isEqualTo(Attempt.retryable(null, "timed out after 10 s", null));
    assertThat(responses.failed(new CompletionException(new TimeoutException())))
        .isEqualTo(Attempt.retryable(null, "timed out after 10 s", null));
    assertThat(responses.failed(new ConnectTimeoutException("Connect timed out")))
        .isEqualTo(Attempt.retryable(null, "connect timed out after 2 s", null));
  }

  @Test
  void connectionFailuresAreRetryable() {
    assertThat(responses.failed(new CompletionException(new ConnectException())).outcome())
        .isEqualTo(DeliveryOutcome.RETRYABLE);
    assertThat(responses.failed(new IOException("Connection reset")).error())
        .isEqualTo("connection failed: IOException: Connection reset");
  }

  @Test
  void aRequestThatCannotBeBuiltIsRejected() {
    assertThat(responses.failed(new IllegalArgumentException("invalid header value")).outcome())
        .isEqualTo(DeliveryOutcome.REJECTED);
  }

  @Test
  void errorsAreCutTo500Characters() {
    Attempt attempt = responses.failed(new IOException("y".repeat(2_000)));

    assertThat(attempt.error()).hasSize(Attempt.MAX_ERROR_LENGTH).endsWith("...");
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
