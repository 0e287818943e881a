package com.omnichannel.simulator.callback;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One POST a provider makes to the API: where, its headers (the content type among them) and its
 * body, built once and posted as often as it is retried.
 */
public record Webhook(URI url, Map<String, String> headers, byte[] body) {

  public Webhook {
    headers = Map.copyOf(headers);
  }

  /** A POST of {@code body} to {@code url}; headers follow with {@link Builder#header}. */
  public static Builder post(URI url, String contentType, byte[] body) {
    return new Builder(url, body).header("Content-Type", contentType);
  }

  /** A webhook being built. */
  public static final class Builder {
    private final URI url;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder(URI url, byte[] body) {
      this.url = url;
      this.body = body;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Webhook build() {
      return new Webhook(url, headers, body);
    }
  }
}
