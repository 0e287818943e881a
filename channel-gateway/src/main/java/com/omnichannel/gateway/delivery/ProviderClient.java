package com.omnichannel.gateway.delivery;

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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes one attempt to deliver a message to its provider: the address check, then one POST. It
 * never retries; the API decides whether and when to ask again.
 */
@Component
class ProviderClient implements DisposableBean {

  static final String USER_AGENT = "omnichannel-channel-gateway/1";

  /** Enough for a provider's id or the start of its error; the rest is not read. */
  static final int MAX_RESPONSE_BYTES = 16 * 1024;

  /** The HTTP client's own threads; they only hand over completed responses. */
  private static final int HTTP_THREADS = 4;

  private final OutboundProperties settings;
  private final OutboundAddressPolicy addresses;
  private final ProviderResponses responses;
  private final ExecutorService resolver;
  private final ExecutorService httpThreads;
  private final HttpClient http;

  ProviderClient(OutboundProperties settings, ProviderResponses responses) {
    this.settings = settings;
    this.addresses = new OutboundAddressPolicy(settings.allowPrivateNetworks());
    this.responses = responses;
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
   * The attempt for {@code request}; completes when the provider answered or failed to. The address
   * is resolved on a thread of its own, since DNS may have changed since the API checked it and a
   * look-up can block.
   */
  CompletableFuture<Attempt> attempt(OutboundMessageRequested request) {
    CompletableFuture<Optional<String>> addressCheck;
    try {
      addressCheck =
          CompletableFuture.supplyAsync(() -> addresses.refusal(request.outboundUrl()), resolver);
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
        .exceptionally(responses::failed);
  }

  private CompletableFuture<Attempt> post(OutboundMessageRequested request) {
    HttpRequest post = httpRequest(request);
    return http.sendAsync(post, CappedBody.handler(MAX_RESPONSE_BYTES))
        // The request timeout ends the wait for the response's head; this ends that for its body.
        .orTimeout(
            settings.responseTimeout().plus(settings.connectTimeout()).toMillis(),
            TimeUnit.MILLISECONDS)
        .thenApply(
            response ->
                responses.answered(
                    Provider.GENERIC,
                    response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.body()))
        .exceptionally(responses::failed);
  }

  private HttpRequest httpRequest(OutboundMessageRequested request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(request.outboundUrl()))
            .timeout(settings.responseTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", USER_AGENT)
            .header("Idempotency-Key", Long.toString(request.messageId()))
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    request.body().getBytes(StandardCharsets.UTF_8)));
    Optional.ofNullable(request.correlationId())
        .ifPresent(id -> builder.header("X-Correlation-Id", id));
    Optional.ofNullable(request.signature())
        .ifPresent(signature -> builder.header("X-Hub-Signature-256", signature));
    return builder.build();
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
