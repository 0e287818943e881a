package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.OutboundAddressPolicy;
import com.omnichannel.contracts.OutboundMessageRequested;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes one attempt to deliver a message to its provider: the request's credentials opened, then
 * one POST over a connection to an address the policy checked ({@link ProviderConnections}). It
 * never retries; the API decides whether and when to ask again. Each attempt runs on a sender
 * thread of its own, since a look-up, a connection and a read each block: the in-flight limits
 * bound the attempts, so they bound the threads too.
 */
@Component
class ProviderClient implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ProviderClient.class);

  static final String USER_AGENT = "omnichannel-channel-gateway/1";

  /** Enough for a provider's id or the start of its error; the rest is not read. */
  static final int MAX_RESPONSE_BYTES = 16 * 1024;

  private final OutboundProperties settings;
  private final ProviderResponses responses;
  private final ProviderRequests requests;
  private final ProviderConnections connections;
  private final ExecutorService senders;

  ProviderClient(
      OutboundProperties settings,
      ProviderResponses responses,
      ProviderRequests requests,
      ProviderConnections connections) {
    this.settings = settings;
    this.responses = responses;
    this.requests = requests;
    this.connections = connections;
    // A thread per attempt in progress, made when needed. An attempt past its deadline ends when
    // its connection is cancelled, shortly after its slot is given back: room for those.
    this.senders =
        new ThreadPoolExecutor(
            0,
            2 * settings.maxInFlight(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemons("outbound-send-"));
  }

  /**
   * The attempt for {@code event}; completes when the provider answered or failed to. The host of
   * the URL actually posted to is looked up and checked for the connection that is opened to it,
   * since DNS may have changed since the API checked it.
   */
  CompletableFuture<Attempt> attempt(OutboundMessageRequested event) {
    ProviderRequest request;
    HttpPost post;
    try {
      request = requests.of(event);
    } catch (UnsendableRequest e) {
      // Credentials that do not open mean this gateway's key is not the API's: the operator's to
      // fix.
      log.warn(
          "Message {} attempt {} to {} cannot be sent: {}",
          event.messageId(),
          event.attempt(),
          event.outboundUrl(),
          e.getMessage());
      return CompletableFuture.completedFuture(Attempt.rejected(null, e.getMessage()));
    }
    Optional<String> form = OutboundAddressPolicy.formRefusal(request.url());
    if (form.isPresent()) {
      return CompletableFuture.completedFuture(
          finished(request, Attempt.rejected(null, form.get())));
    }
    try {
      post = httpRequest(request);
    } catch (UnsendableRequest e) {
      return CompletableFuture.completedFuture(
          finished(request, Attempt.rejected(null, e.getMessage())));
    }
    CompletableFuture<Attempt> sent;
    try {
      sent = CompletableFuture.supplyAsync(() -> send(request, post), senders);
    } catch (RejectedExecutionException e) {
      // Shutting down: the attempt is not made, and the API asks again.
      return CompletableFuture.completedFuture(responses.failed(e));
    }
    return sent
        // The socket timeout ends each wait for the provider; this ends the whole attempt.
        .orTimeout(deadline().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (attempt, failure) -> {
              if (failure != null) {
                post.cancel();
              }
            })
        .exceptionally(responses::failed)
        .thenApply(attempt -> finished(request, attempt));
  }

  /** The longest an attempt takes: its look-up, its connection, and its provider's answer. */
  Duration deadline() {
    return settings.dnsTimeout().plus(settings.connectTimeout()).plus(settings.responseTimeout());
  }

  private Attempt send(ProviderRequest request, HttpPost post) {
    try {
      ClassicHttpResponse response = connections.open(post);
      CappedBody body = null;
      try {
        body = CappedBody.read(response.getEntity(), MAX_RESPONSE_BYTES);
        Header retryAfter = response.getFirstHeader("Retry-After");
        return responses.answered(
            request.provider(),
            response.getCode(),
            retryAfter == null ? null : retryAfter.getValue(),
            body.bytes());
      } finally {
        if (body == null || body.cut()) {
          // Closes the connection instead of reading the rest of the body to reuse it.
          post.cancel();
        }
        closeQuietly(response);
      }
    } catch (IOException | RuntimeException e) {
      return responses.failed(e);
    }
  }

  /**
   * The HTTP request: a generic channel's with its idempotency key and signature, as the generic
   * contract has them; a provider's API's with its own content type and authorization, and neither
   * (its API knows no such headers, and the signature is a generic channel's webhook secret's).
   */
  private static HttpPost httpRequest(ProviderRequest request) {
    OutboundMessageRequested event = request.event();
    HttpPost post;
    try {
      post = new HttpPost(URI.create(request.url()));
    } catch (IllegalArgumentException e) {
      // The form check has parsed the URL already; the client's message would quote it.
      throw new UnsendableRequest("the URL cannot be requested");
    }
    // No content type of the entity's own: the header below is the only one.
    post.setEntity(new ByteArrayEntity(event.body().getBytes(StandardCharsets.UTF_8), null));
    header(post, "Content-Type", request.contentType());
    header(post, "User-Agent", USER_AGENT);
    header(post, "X-Correlation-Id", event.correlationId());
    if (request.provider().needsCredentials()) {
      header(post, "Authorization", request.authorization());
    } else {
      header(post, "Idempotency-Key", Long.toString(event.messageId()));
      header(post, "X-Hub-Signature-256", event.signature());
    }
    return post;
  }

  /**
   * Sets the header when {@code value} is not null. A value with a line break or another control
   * character is refused, since it would end the header and start another (header injection); the
   * message does not quote the value, which may be a credential.
   */
  private static void header(HttpPost post, String name, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
        throw new UnsendableRequest("the " + name + " header's value is not valid");
      }
    }
    post.setHeader(name, value);
  }

  /**
   * The attempt without the request's secrets; a rejection, which is final, is logged with the URL
   * that may be shown.
   */
  private static Attempt finished(ProviderRequest request, Attempt made) {
    Attempt attempt = request.redacted(made);
    if (attempt.outcome() == DeliveryOutcome.REJECTED) {
      log.info(
          "Message {} attempt {} to {} rejected: {}",
          request.event().messageId(),
          request.event().attempt(),
          request.shownUrl(),
          attempt.error());
    }
    return attempt;
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException e) {
      // A cancelled connection closes with an error: there is nothing left to read or release.
    }
  }

  @Override
  public void destroy() {
    senders.shutdownNow();
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
