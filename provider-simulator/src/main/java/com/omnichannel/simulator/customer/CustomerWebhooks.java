package com.omnichannel.simulator.customer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.omnichannel.simulator.callback.CallbackPoster;
import com.omnichannel.simulator.callback.Webhook;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Posts a simulated customer's message to the API as the provider's inbound webhook, once, and
 * answers with what the API made of it. Not retried: the caller (the demo tour, a system test) sees
 * the API's status and decides. The answer waits for the API without holding a request thread.
 */
@Component
public class CustomerWebhooks {

  private static final Logger log = LoggerFactory.getLogger(CustomerWebhooks.class);

  private final CallbackPoster poster;

  CustomerWebhooks(CallbackPoster poster) {
    this.poster = poster;
  }

  /**
   * The answer of a customer endpoint.
   *
   * @param apiStatus the HTTP status the API answered the webhook with
   * @param id the provider message id the webhook carried
   */
  public record Posted(@JsonProperty("api_status") int apiStatus, @JsonProperty("id") String id) {}

  /**
   * Posts {@code webhook}; 200 with {@link Posted} once the API answered, whatever it answered, or
   * 502 when it could not be reached.
   */
  public CompletableFuture<ResponseEntity<Object>> post(Webhook webhook, String id) {
    return poster
        .postOnce(webhook)
        .handle(
            (status, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                log.warn(
                    "customer message {} did not reach {}: {}",
                    id,
                    webhook.url(),
                    cause.toString());
                return problem(
                    HttpStatus.BAD_GATEWAY,
                    "The API at " + webhook.url() + " could not be reached: " + cause);
              }
              log.info(
                  "customer message {} posted to {}; the API answered {}",
                  id,
                  webhook.url(),
                  status);
              return ResponseEntity.ok(new Posted(status, id));
            });
  }

  /** The simulator's own refusal of a customer request, as problem details. */
  public static ResponseEntity<Object> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }

  /**
   * A customer request that fails {@link CustomerMessage#problem()}, or names no channel we have.
   */
  public static CompletableFuture<ResponseEntity<Object>> refused(
      HttpStatus status, String detail) {
    return CompletableFuture.completedFuture(problem(status, detail));
  }
}
