package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.OutboundMessageRequested;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

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

  /** A shorter tail of a secret at an error's cut is not taken for one. */
  private static final int MIN_SECRET_TAIL = 4;

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
    List<String> secrets = new ArrayList<>();
    if (!url.equals(shownUrl())) {
      shown = shown.replace(url, shownUrl());
      String path = rawPath(url);
      if (path != null && !path.isEmpty() && !path.equals(rawPath(shownUrl()))) {
        shown = shown.replace(path, "<path>");
        // The path's own secret (bot<token>), wherever and however it is quoted.
        List<String> shownSegments = List.of(pathOf(shownUrl()).split("/"));
        for (String segment : path.split("/")) {
          if (!segment.isEmpty() && !shownSegments.contains(segment)) {
            secrets.add(segment);
          }
        }
      }
    }
    for (String secret : secrets) {
      shown = withoutTail(shown.replace(secret, "<hidden>"), secret);
    }
    if (authorization != null && !authorization.isEmpty()) {
      shown = withoutTail(shown.replace(authorization, "<authorization>"), authorization);
    }
    return shown.equals(error) ? attempt : attempt.withError(shown);
  }

  /**
   * {@code error} without a start of {@code secret} at its end: an error cut to its length limit
   * may end in the middle of a secret it quoted.
   */
  private static String withoutTail(String error, String secret) {
    String ellipsis = error.endsWith("...") ? "..." : "";
    String body = error.substring(0, error.length() - ellipsis.length());
    for (int length = secret.length() - 1; length >= MIN_SECRET_TAIL; length--) {
      if (body.endsWith(secret.substring(0, length))) {
        String before = body.substring(0, body.length() - length);
        int room = Attempt.MAX_ERROR_LENGTH - "<hidden>".length() - ellipsis.length();
        return before.substring(0, Math.min(before.length(), room)) + "<hidden>" + ellipsis;
      }
    }
    return error;
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

  /** The path of a URL as written, placeholders and all (no parsing, which they may fail). */
  private static String pathOf(String url) {
    int host = url.indexOf("://");
    int path = url.indexOf('/', host < 0 ? 0 : host + 3);
    if (path < 0) {
      return "";
    }
    int query = url.indexOf('?', path);
    return query < 0 ? url.substring(path) : url.substring(path, query);
  }

  private static String rawPath(String url) {
    try {
      return new URI(url).getRawPath();
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
