package com.omnichannel.api.delivery;

import com.omnichannel.contracts.ProviderCredentials;

/**
 * A request to a provider's API, as rendered for one message.
 *
 * @param url where it goes, with any secret in the path replaced by a placeholder: the URL logs and
 *     traces show
 * @param contentType the body's media type
 * @param body the exact body
 * @param credentials what the request needs in secret (its Authorization header, the URL with the
 *     secret in its path); sealed before it leaves the API
 */
public record ProviderRequest(
    String url, String contentType, String body, ProviderCredentials credentials) {

  /** Without the body (a customer's message) or the credentials, which print as hidden anyway. */
  @Override
  public String toString() {
    return "ProviderRequest[url=" + url + ", contentType=" + contentType + "]";
  }
}
