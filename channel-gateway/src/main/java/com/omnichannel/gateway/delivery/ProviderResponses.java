package com.omnichannel.gateway.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a provider's answer, or the lack of one, means for the message: sent, worth another attempt,
 * or bound to fail the same way again.
 */
@Component
class ProviderResponses {

  /** How much of an error response's body the error text quotes. */
  static final int QUOTED_BODY_LENGTH = 200;

  private final JsonMapper json;
  private final Clock clock;
  private final OutboundProperties settings;

  ProviderResponses(JsonMapper json, Clock clock, OutboundProperties settings) {
    this.json = json;
    this.clock = clock;
    this.settings = settings;
  }

  /** The attempt a response with {@code status}, {@code retryAfter} and {@code body} makes. */
  Attempt answered(int status, String retryAfter, byte[] body) {
    if (status >= 200 && status < 300) {
      return Attempt.sent(status, providerMessageId(body));
    }
    String error = "HTTP " + status + quoted(body);
    if (status == 408 || status == 429 || status >= 500) {
      return Attempt.retryable(status, error, RetryAfter.millis(retryAfter, clock.instant()));
    }
    // Redirects are not followed: the API's URL is the only address it checked.
    return Attempt.rejected(status, error);
  }

  /** The attempt a request that got no response makes. */
  Attempt failed(Throwable failure) {
    Throwable cause = unwrapped(failure);
    if (cause instanceof HttpConnectTimeoutException) {
      return Attempt.retryable(
          null, "connect timed out after " + readable(settings.connectTimeout()), null);
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return Attempt.retryable(
          null, "timed out after " + readable(settings.responseTimeout()), null);
    }
    if (cause instanceof ConnectException) {
      return Attempt.retryable(null, "could not connect: " + describe(cause), null);
    }
    if (cause instanceof IOException) {
      return Attempt.retryable(null, "connection failed: " + describe(cause), null);
    }
    if (cause instanceof IllegalArgumentException) {
      // The request itself cannot be made (a header value the HTTP client refuses, say).
      return Attempt.rejected(null, "request cannot be sent: " + describe(cause));
    }
    return Attempt.retryable(null, "unexpected failure: " + describe(cause), null);
  }

  /** The provider's id from a JSON object's {@code id} or {@code message_id}; null if none. */
  private String providerMessageId(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    JsonNode tree;
    try {
      tree = json.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
    if (tree == null || !tree.isObject()) {
      return null;
    }
    for (String field : new String[] {"id", "message_id"}) {
      JsonNode value = tree.get(field);
      if (value != null && (value.isString() || value.isNumber())) {
        return value.asString();
      }
    }
    return null;
  }

  private static String quoted(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    if (text.isEmpty()) {
      return "";
    }
    return ": "
        + (text.length() <= QUOTED_BODY_LENGTH ? text : text.substring(0, QUOTED_BODY_LENGTH));
  }

  private static Throwable unwrapped(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + message;
  }

  static String readable(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }
}
