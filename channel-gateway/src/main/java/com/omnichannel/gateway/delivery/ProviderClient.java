package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.OutboundAddressPolicy;
import com.omnichannel.contracts.OutboundMessageRequested;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes one attempt to deliver a message to its provider: the request's credentials opened, the
 * address check, then one POST. It never retries; the API decides whether and when to ask again.
 */
@Component
class ProviderClient implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ProviderClient.class);

  static final String USER_AGENT = "omnichannel-channel-gateway/1";

  /** Enough for a provider's id or the start of its error; the rest is not read. */
  static final int MAX_RESPONSE_BYTES = 16 * 1024;

  /** The HTTP client's own threads; they only hand over completed responses. */
  private static final int HTTP_THREADS = 4;

  private final OutboundProperties settings;
  private final OutboundAddressPolicy addresses;
  private final ProviderResponses responses;
  private final ProviderRequests requests;
  private final ExecutorService resolver;
  private final ExecutorService httpThreads;
  private final HttpClient http;

  ProviderClient(
      OutboundProperties settings, ProviderResponses responses, ProviderRequests requests) {
    this.settings = settings;
    this.addresses = new OutboundAddressPolicy(settings.allowPrivateNetworks());
    this.responses = responses;
    this.requests = requests;
    // A thread per look-up in progress, made when needed: a channel whose DNS hangs must not hold
    // up the look-ups of the others. Each attempt in flight runs at most one look-up, so the
    // in-flight limit bounds the threads; answers are cached for 30 s, so few are busy at a time.
    this.resolver =
        new ThreadPoolExecutor(
            0,
            settings.maxInFlight(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemons("outbound-resolve-"));
    this.httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, daemons("outbound-http-"));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            // A redirect would lead to an address the policy has not seen.
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(httpThreads)
            .build();
  }

  /**
   * The attempt for {@code event}; completes when the provider answered or failed to. The address
   * of the URL actually posted to is checked, resolved on a thread of its own, since DNS may have
   * changed since the API checked it and a look-up can block.
   */
  CompletableFuture<Attempt> attempt(OutboundMessageRequested event) {
    ProviderRequest request;
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
    CompletableFuture<Optional<String>> addressCheck;
    try {
      addressCheck =
          CompletableFuture.supplyAsync(() -> addresses.refusal(request.url()), resolver);
    } catch (RejectedExecutionException e) {
      // Shutting down: the attempt is not made, and the API asks again.
      return CompletableFuture.completedFuture(responses.failed(e));
    }
    return addressCheck
        .thenCompose(
            refusal ->
                refusal.isPresent()
                    ? CompletableFuture.completedFuture(Attempt.rejected(null, refusal.get()))
                    : post(request))
        .exceptionally(responses::failed)
        .thenApply(request::redacted)
        .thenApply(attempt -> logged(request, attempt));
  }

  private CompletableFuture<Attempt> post(ProviderRequest request) {
    HttpRequest post;
    try {
      post = httpRequest(request);
    } catch (UnsendableRequest e) {
      return CompletableFuture.completedFuture(Attempt.rejected(null, e.getMessage()));
    }
    return http.sendAsync(post, CappedBody.handler(MAX_RESPONSE_BYTES))
        // The request timeout ends the wait for the response's head; this ends that for its body.
        .orTimeout(
            settings.responseTimeout().plus(settings.connectTimeout()).toMillis(),
            TimeUnit.MILLISECONDS)
        .thenApply(
            response ->
                responses.answered(
                    request.provider(),
                    response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.body()))
        .exceptionally(responses::failed);
  }

  /**
   * The HTTP request: a generic channel's with its idempotency key and signature, as the generic
   * contract has them; a provider's API's with its own content type and authorization, and neither
   * (its API knows no such headers, and the signature is a generic channel's webhook secret's).
   */
  private HttpRequest httpRequest(ProviderRequest request) {
    OutboundMessageRequested event = request.event();
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(URI.create(request.url()));
    } catch (IllegalArgumentException e) {
      // The address check has parsed the URL already; the client's message would quote it.
      throw new UnsendableRequest("the URL cannot be requested");
    }
    builder
        .timeout(settings.responseTimeout())
        .POST(
            HttpRequest.BodyPublishers.ofByteArray(event.body().getBytes(StandardCharsets.UTF_8)));
    header(builder, "Content-Type", request.contentType());
    header(builder, "User-Agent", USER_AGENT);
    header(builder, "X-Correlation-Id", event.correlationId());
    if (request.provider().needsCredentials()) {
      header(builder, "Authorization", request.authorization());
    } else {
      header(builder, "Idempotency-Key", Long.toString(event.messageId()));
      header(builder, "X-Hub-Signature-256", event.signature());
    }
    return builder.build();
  }

  /** Sets the header when {@code value} is not null. */
  private static void header(HttpRequest.Builder builder, String name, String value) {
    if (value == null) {
      return;
    }
    try {
      builder.header(name, value);
    } catch (IllegalArgumentException e) {
      // The client's message quotes the value, which may be a credential.
      throw new UnsendableRequest("the " + name + " header's value is not valid");
    }
  }

  /** Logs a rejection, which is final, with the URL that may be shown. */
  private static Attempt logged(ProviderRequest request, Attempt attempt) {
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

  @Override
  public void destroy() {
    resolver.shutdownNow();
    httpThreads.shutdownNow();
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
