package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.AddressCheck;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * What a provider's answer, or the lack of one, means for the message: sent, worth another attempt,
 * or bound to fail the same way again. Each provider's answers read their own way ({@link
 * Provider#answers()}); a request that got none reads the same for all.
 */
@Component
class ProviderResponses {

  private final JsonMapper json;
  private final Clock clock;
  private final OutboundProperties settings;

  ProviderResponses(JsonMapper json, Clock clock, OutboundProperties settings) {
    this.json = json;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * The attempt a response of {@code provider}'s with {@code status}, {@code retryAfter} (the
   * header) and {@code body} makes.
   */
  Attempt answered(Provider provider, int status, String retryAfter, byte[] body) {
    return provider
        .answers()
        .answered(status, tree(body), RetryAfter.millis(retryAfter, clock.instant()));
  }

  /**
   * The attempt a request that got no response makes. A host the address policy refused is rejected
   * with the policy's reason, as it will be again; one that did not resolve, or not in time, is
   * worth another attempt (a name server's failure reads as a name that does not exist), and one
   * not looked up (every look-up thread busy) was not attempted.
   */
  Attempt failed(Throwable failure) {
    Throwable cause = unwrapped(failure);
    if (cause instanceof CheckedDnsResolver.AddressRefused) {
      AddressCheck check = ((CheckedDnsResolver.AddressRefused) cause).check();
      switch (check.kind()) {
        case REFUSED:
          return Attempt.rejected(null, check.reason());
        case BUSY:
          return Attempt.deferred(check.reason());
        default:
          // UNRESOLVED and TIMED_OUT: the next look-up may answer.
          return Attempt.retryable(null, check.reason(), null);
      }
    }
    if (cause instanceof ConnectTimeoutException) {
      return Attempt.retryable(
          null, "connect timed out after " + readable(settings.connectTimeout()), null);
    }
    if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
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

  /** The body as JSON; a missing node when it is empty or not JSON (or cut short). */
  private JsonNode tree(byte[] body) {
    if (body == null || body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode tree = json.readTree(body);
      return tree == null ? MissingNode.getInstance() : tree;
    } catch (JacksonException e) {
      return MissingNode.getInstance();
    }
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
