package com.omnichannel.api.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a stream token keeps reopening the stream it opened ({@code omni.stream-tokens.*}). A
 * browser's {@code EventSource} reconnects by itself after the API restarts, fails over or closes
 * the stream at its timeout, with the same URL (so the same token) and a {@code Last-Event-ID}; it
 * cannot be given a new token, so the one it has must still open the stream.
 *
 * @param reconnectValidity counted from the token's issue: until then, a token that has opened its
 *     stream opens it again for a request that carries {@code Last-Event-ID}, while its API key is
 *     not revoked; at least {@link StreamTokens#VALIDITY}
 */
@ConfigurationProperties("omni.stream-tokens")
record StreamTokenProperties(Duration reconnectValidity) {

  StreamTokenProperties {
    if (reconnectValidity == null || reconnectValidity.compareTo(StreamTokens.VALIDITY) < 0) {
      throw new IllegalArgumentException(
          "STREAM_TOKEN_RECONNECT_VALIDITY must be at least "
              + StreamTokens.VALIDITY.toSeconds()
              + " s (a token's first use), not "
              + reconnectValidity);
    }
  }

  /** How long after its first-use validity ends a token still reopens its stream. */
  Duration pastFirstUse() {
    return reconnectValidity.minus(StreamTokens.VALIDITY);
  }
}
