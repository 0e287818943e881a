package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a delivery request to a provider's API needs beyond its body, sealed in {@link
 * OutboundMessageRequested#sealedCredentials()} so that no access token travels in clear.
 *
 * @param authorization the {@code Authorization} header's value; null when none is sent
 * @param url the URL to post to instead of the request's {@code outbound_url}, when the provider
 *     puts a secret in the path (Telegram's bot token); null otherwise
 */
public record ProviderCredentials(
    @JsonProperty("authorization") String authorization, @JsonProperty("url") String url) {

  /** Without the credentials themselves, which must never reach a log. */
  @Override
  public String toString() {
    return "ProviderCredentials[authorization="
        + (authorization == null ? "none" : "(hidden)")
        + ", url="
        + (url == null ? "none" : "(hidden)")
        + "]";
  }

  /** The context a request's credentials are sealed for: they open only for their message. */
  public static String context(long messageId) {
    return "outbound:" + messageId;
  }
}
