package com.omnichannel.api.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A stream held open over one shared HTTP client, for tests that open many or wait for one to end:
 * its status and headers, its body when it was refused, and whether the server ended it.
 */
final class HeldStream implements AutoCloseable {

  private final HttpResponse<Stream<String>> response;
  private final CompletableFuture<String> body = new CompletableFuture<>();

  private HeldStream(HttpResponse<Stream<String>> response) {
    this.response = response;
    Thread reader =
        new Thread(
            () -> {
              try (Stream<String> lines = response.body()) {
                body.complete(lines.collect(Collectors.joining("\n")));
              } catch (RuntimeException e) {
                body.complete("");
              }
            },
            "held-stream");
    reader.setDaemon(true);
    reader.start();
  }

  static HeldStream open(HttpClient http, URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    headers.forEach(request::header);
    return new HeldStream(
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).join());
  }

  int status() {
    return response.statusCode();
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The whole body: for a refused stream; for an open one, once the server has ended it. */
  String body() {
    return body.join();
  }

  /** Whether the server has ended the stream. */
  boolean ended() {
    return body.isDone();
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (RuntimeException e) {
      // already closed
    }
  }
}
