package com.omnichannel.simulator.callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Posts webhooks as a provider's sender does: HTTP/1.1 over keep-alive connections, each post
 * blocking one of {@value #THREADS} threads until the API answers. The JDK's blocking client costs
 * a fraction of the CPU its asynchronous one spends per request (futures, a selector thread and
 * hand-offs between threads for every post), and the simulator runs on the cores the system under
 * test needs. Posts beyond the threads wait their turn, as a provider's queue of webhooks does.
 */
final class WebhookClient implements AutoCloseable {

  /** Posts under way at once, and connections kept alive for the next. */
  static final int THREADS = 32;

  static {
    // The JDK keeps 5 idle connections per server by default; the others would be closed and
    // opened again for every post.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", String.valueOf(THREADS));
    }
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final ExecutorService posters =
      Executors.newFixedThreadPool(
          THREADS,
          runnable -> {
            Thread thread = new Thread(runnable, "webhook-posts");
            thread.setDaemon(true);
            return thread;
          });

  /** Posts the webhook; the future completes with the API's HTTP status, or fails. */
  CompletableFuture<Integer> post(Webhook webhook) {
    return CompletableFuture.supplyAsync(() -> postNow(webhook), posters);
  }

  private static int postNow(Webhook webhook) {
    try {
      var connection = (HttpURLConnection) webhook.url().toURL().openConnection(Proxy.NO_PROXY);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
      connection.setUseCaches(false);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(webhook.body().length);
      webhook.headers().forEach(connection::setRequestProperty);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(webhook.body());
      }
      int status = connection.getResponseCode();
      // Read to its end, the answer leaves the connection free for the next post.
      try (InputStream answer =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (answer != null) {
          answer.transferTo(OutputStream.nullOutputStream());
        }
      }
      return status;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    posters.shutdownNow();
  }
}
