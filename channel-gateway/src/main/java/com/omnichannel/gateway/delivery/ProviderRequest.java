package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.OutboundMessageRequested;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * One delivery request as it goes out: where it is posted, with which content type and
 * authorization. The {@link #url} may carry a secret (Telegram's bot token is in its path), so logs
 * and errors show the event's {@code outbound_url} instead, which the API gives with the token
 * replaced.
 *
 * @param provider whose API it is for
 * @param url the URL posted to
 * @param contentType the body's media type
 * @param authorization the {@code Authorization} header's value; null for none
 * @param event the request as the API asked for it
 */
record ProviderRequest(
    Provider provider,
    String url,
    String contentType,
    String authorization,
    OutboundMessageRequested event) {

  /** The URL to show for it: the event's {@code outbound_url}, which holds no secret. */
  String shownUrl() {
    return event.outboundUrl();
  }

  /**
   * {@code attempt} with any secret of this request that its error happens to quote (an exception
   * message naming the URL posted to, say) replaced by what may be shown.
   */
  Attempt redacted(Attempt attempt) {
    String error = attempt.error();
    if (error == null) {
      return attempt;
    }
    String shown = error;
    if (!url.equals(shownUrl())) {
      shown = shown.replace(url, shownUrl());
      String path = rawPath(url);
      if (path != null && !path.isEmpty() && !path.equals(rawPath(shownUrl()))) {
        shown = shown.replace(path, "<path>");
      }
    }
    if (authorization != null && !authorization.isEmpty()) {
      shown = shown.replace(authorization, "<authorization>");
    }
    return shown.equals(error) ? attempt : attempt.withError(shown);
  }

  /** Names what it is for, and none of its secrets. */
  @Override
  public String toString() {
    return "ProviderRequest[provider="
        + provider.spelling()
        + ", message="
        + event.messageId()
        + ", outbound_url="
        + shownUrl()
        + "]";
  }

  private static String rawPath(String url) {
    try {
      return new URI(url).getRawPath();
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
