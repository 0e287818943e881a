package com.omnichannel.gateway.delivery;

/**
 * A delivery request that cannot be made as it stands (an unknown provider, credentials that are
 * missing or do not open, a header value the HTTP client refuses): another attempt would fail the
 * same. Its message is for the message's {@code delivery_error} and the log, so it names no secret;
 * for the same reason it keeps no cause, whose message (a JSON parser's, the HTTP client's) could
 * quote the credentials.
 */
final class UnsendableRequest extends RuntimeException {

  UnsendableRequest(String message) {
    super(message, null, false, false);
  }
}
