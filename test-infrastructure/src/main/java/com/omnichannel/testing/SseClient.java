package com.omnichannel.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A Server-Sent Events client for tests: opens a stream, parses its events and comments as they
 * arrive, and lets a test wait for them.
 */
public final class SseClient implements AutoCloseable {

  /** One event; {@code id} and {@code type} are null when the stream sent none. */
  public record Event(String id, String type, String data, Integer retry) {

    public long numericId() {
      return Long.parseLong(id);
    }
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile int status;
  private volatile Integer retry;

  private SseClient(URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    headers.forEach(request::header);
    response =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
            .thenApply(
                answer -> {
                  status = answer.statusCode();
                  Thread reader = new Thread(() -> parse(answer.body()), "sse-client");
                  reader.setDaemon(true);
                  reader.start();
                  return answer;
                });
  }

  /**
   * Opens the stream and waits for its first comment: from then on, it is subscribed. A {@code 503}
   * (the instance is still starting to follow the events) is tried again for up to 30 s, as a
   * browser's {@code EventSource} would.
   */
  public static SseClient open(URI uri, Map<String, String> headers) {
    AtomicReference<SseClient> opened = new AtomicReference<>();
    Awaitility.await("a stream at " + uri)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              SseClient client = new SseClient(uri, headers);
              client.response.join();
              if (client.status == 503) {
                client.close();
                return false;
              }
              opened.set(client);
              return true;
            });
    SseClient client = opened.get();
    if (client.status == 200) {
      client.awaitComment(Duration.ofSeconds(10));
    }
    return client;
  }

  public int status() {
    return status;
  }

  private void parse(Stream<String> lines) {
    String id = null;
    String type = null;
    Integer retry = null;
    List<String> data = new ArrayList<>();
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (!data.isEmpty() || retry != null) {
            events.add(new Event(id, type, String.join("\n", data), retry));
          }
          id = null;
          type = null;
          retry = null;
          data = new ArrayList<>();
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).strip());
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "id" -> id = value;
            case "event" -> type = value;
            case "data" -> data.add(value);
            case "retry" -> {
              retry = Integer.valueOf(value);
              this.retry = retry;
            }
            default -> {}
          }
        }
      }
    } catch (RuntimeException e) {
      // The stream was closed.
    }
  }

  /** The next event (one with data), or an AssertionError after {@code timeout}. */
  public Event next(Duration timeout) {
    try {
      while (true) {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
          throw new AssertionError("No event within " + timeout);
        }
        if (event.id() != null || event.type() != null) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted", e);
    }
  }

  /** The next events until one matches, in order, the matching one last. */
  public List<Event> until(java.util.function.Predicate<Event> match, Duration timeout) {
    List<Event> seen = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      seen.add(event);
      if (match.test(event)) {
        return seen;
      }
    }
  }

  public String awaitComment(Duration timeout) {
    try {
      String comment = comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (comment == null) {
        throw new AssertionError("No comment within " + timeout);
      }
      return comment;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted", e);
    }
  }

  /** The {@code retry:} the stream set, if it set one. */
  public Integer retry() {
    return retry;
  }

  @Override
  public void close() {
    response.thenAccept(
        answer -> {
          try {
            answer.body().close();
          } catch (RuntimeException e) {
            // already closed
          }
        });
  }
}
