package com.omnichannel.api.conversation;

import static com.omnichannel.api.conversation.DeliveryRepository.DELIVERED;
import static com.omnichannel.api.conversation.DeliveryRepository.FAILED;
import static com.omnichannel.api.conversation.DeliveryRepository.PENDING;
import static com.omnichannel.api.conversation.DeliveryRepository.READ;
import static com.omnichannel.api.conversation.DeliveryRepository.SENT;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.omnichannel.api.company.Channel;
import com.omnichannel.api.conversation.Conversations.RecordedAttempt;
import com.omnichannel.api.conversation.DeliveryRepository.DeliveryState;
import com.omnichannel.api.conversation.DeliveryRepository.OutboundMessage;
import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.RecordTracing;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery part of {@link Conversations}, run inside its transactions under the conversation's
 * row lock. A conversation has at most one message in delivery: its earliest pending one. That one
 * is requested from the gateway (through the outbox) with a lease; the gateway's report sends it,
 * schedules its retry or fails it, and then the next pending message of the conversation is
 * requested. A request that is not answered within the lease is requested again, with the same
 * idempotency key, so a gateway that dies loses nothing.
 */
@Component
class Deliveries {

  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

  /**
   * Status ranks: a status only moves to a higher rank. A provider's failure may follow pending or
   * sent; a failed message the provider later reports delivered or read moves on.
   */
  private static final Map<String, Integer> RANK =
      Map.of(PENDING, 0, SENT, 1, FAILED, 1, DELIVERED, 2, READ, 3);

  private final DeliveryRepository deliveries;
  private final OutboxWriter outbox;
  private final RecordTracing tracing;
  private final JsonMapper json;
  private final DeliveryProperties properties;
  private final ChangeLog changes;

  Deliveries(
      DeliveryRepository deliveries,
      OutboxWriter outbox,
      RecordTracing tracing,
      JsonMapper json,
      DeliveryProperties properties,
      ChangeLog changes) {
    this.changes = changes;
    this.deliveries = deliveries;
    this.outbox = outbox;
    this.tracing = tracing;
    this.json = json;
    this.properties = properties;
  }

  /** The body of a delivery request, exactly as the provider receives it. */
  record DeliveryRequestBody(
      @JsonProperty("message_id") long messageId,
      @JsonProperty("conversation_id") long conversationId,
      @JsonProperty("company_id") long companyId,
      @JsonProperty("channel_id") long channelId,
      @JsonProperty("to") String to,
      @JsonProperty("sender") String sender,
      @JsonProperty("text") String text,
      @JsonProperty("created_at") Instant createdAt) {}

  /**
   * Requests the delivery of the conversation's earliest pending message if it is due (or waits for
   * its turn, due_at NULL) and not requested already. A message that cannot be sent is failed, and
   * the next one taken.
   */
  void advance(long conversationId, Instant now) {
    while (true) {
      OutboundMessage head = deliveries.head(conversationId).orElse(null);
      if (head == null
          || (head.dueAt() != null && head.dueAt().isAfter(now))
          || request(head, now)) {
        return;
      }
    }
  }

  /**
   * Requests the message if it is due and its conversation's earliest pending one; one that is due
   * but not first waits for its turn (the one before it, once done, requests it).
   */
  void requestIfDue(long messageId, long conversationId, Instant now) {
    OutboundMessage head = deliveries.head(conversationId).orElse(null);
    if (head == null) {
      return;
    }
    if (head.id() != messageId) {
      deliveries.waitForTurn(messageId);
    }
    advance(conversationId, now);
  }

  /**
   * Appends the request for the message's next attempt to the outbox and leases it.
   *
   * @return false when the message cannot be sent and was failed instead
   */
  private boolean request(OutboundMessage message, Instant now) {
    long messageId = message.id();
    Channel channel = message.channel();
    if (channel.outboundUrl() == null) {
      log.info(
          "Message {} cannot be delivered: channel {} has no outbound_url",
          messageId,
          channel.id());
      deliveries.failed(
          messageId, message.attempts(), "Channel " + channel.id() + " has no outbound_url");
      changes.messageUpdated(message.companyId(), message.conversationId(), messageId);
      return false;
    }
    byte[] body =
        json.writeValueAsBytes(
            new DeliveryRequestBody(
                message.id(),
                message.conversationId(),
                message.companyId(),
                channel.id(),
                message.to(),
                message.sender(),
                message.text(),
                message.createdAt()));
    String correlationId = "message-" + message.id();
    // The request goes on with the trace of the message: the inbound message's for an AI reply,
    // the posting request's for an agent's message.
    Span span = tracing.startFrom("delivery request", message.traceParent(), Span.Kind.PRODUCER);
    try (var scope = tracing.inScope(span)) {
      appendRequest(message, channel, body, correlationId, now);
    } finally {
      span.end();
    }
    deliveries.dueAt(messageId, message.attempts(), null, now.plus(properties.lease()));
    return true;
  }

  private void appendRequest(
      OutboundMessage message, Channel channel, byte[] body, String correlationId, Instant now) {
    outbox.append(
        Topics.OUTBOUND_MESSAGE,
        message.conversationId(),
        OutboundMessageRequested.TYPE,
        correlationId,
        OutboundMessageRequested.of(
            now,
            message.companyId(),
            message.conversationId(),
            message.id(),
            channel.id(),
            message.attempts() + 1,
            channel.outboundUrl(),
            new String(body, StandardCharsets.UTF_8),
            channel.signature(body),
            correlationId));
  }

  /** Stores what the gateway reports of one attempt. */
  RecordedAttempt record(DeliveryAttempted report, Instant now) {
    DeliveryState state = deliveries.state(report.messageId()).orElse(null);
    if (state == null
        || state.companyId() != report.companyId()
        || state.conversationId() != report.conversationId()) {
      log.warn("Delivery report for unknown message {} ignored", report.messageId());
      return RecordedAttempt.of("unknown");
    }
    if (DeliveryAttempted.SENT.equals(report.outcome())) {
      return sent(state, report, now);
    }
    if (!state.pending() || report.attempt() != state.attempts() + 1) {
      // An answer to a request that was requested again, or overtaken by a status callback.
      return RecordedAttempt.of("stale");
    }
    int attempts = state.attempts() + 1;
    String error = report.error() == null ? "attempt failed" : report.error();
    switch (report.outcome()) {
      case DeliveryAttempted.DEFERRED -> {
        deliveries.dueAt(
            state.id(),
            state.attempts(),
            null,
            now.plusMillis(report.retryAfterMillis() == null ? 1000 : report.retryAfterMillis()));
        return RecordedAttempt.of("deferred");
      }
      case DeliveryAttempted.RETRYABLE -> {
        if (attempts >= properties.maxAttempts()) {
          deliveries.failed(
              state.id(), attempts, "Gave up after " + attempts + " attempts: " + error);
          statusChanged(state);
          advance(state.conversationId(), now);
          return RecordedAttempt.of("failed");
        }
        deliveries.dueAt(
            state.id(), attempts, error, now.plus(retryDelay(attempts, report.retryAfterMillis())));
        return RecordedAttempt.of("retry_scheduled");
      }
      default -> {
        deliveries.failed(state.id(), attempts, error);
        statusChanged(state);
        advance(state.conversationId(), now);
        return RecordedAttempt.of("failed");
      }
    }
  }

  private RecordedAttempt sent(DeliveryState state, DeliveryAttempted report, Instant now) {
    Instant sentAt = report.occurredAt() == null ? now : report.occurredAt();
    if (!state.pending()) {
      // A status callback overtook the 2xx (or a second request was answered too): keep what the
      // first 2xx tells, change no status.
      deliveries.sentLate(state.id(), report.providerMessageId(), sentAt);
      return RecordedAttempt.of("stale");
    }
    deliveries.sent(
        state.id(),
        Math.max(report.attempt(), state.attempts() + 1),
        report.providerMessageId(),
        sentAt);
    statusChanged(state);
    advance(state.conversationId(), now);
    return new RecordedAttempt("sent", Duration.between(state.createdAt(), sentAt));
  }

  /**
   * Exponential back-off with jitter: about {@code initial × 2^(attempts-1)}, between half and all
   * of it, capped; never shorter than the provider's Retry-After.
   */
  Duration retryDelay(int attempts, Long retryAfterMillis) {
    long base = properties.retryInitialInterval().toMillis();
    long max = properties.retryMaxInterval().toMillis();
    long exponential = attempts >= 31 ? max : Math.min(max, base << (attempts - 1));
    long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
    long asked =
        retryAfterMillis == null
            ? 0
            : Math.min(retryAfterMillis, DeliveryProperties.LONGEST_RETRY_AFTER.toMillis());
    return Duration.ofMillis(Math.max(jittered, asked));
  }

  /**
   * Stores a provider's status callback; statuses only move forward.
   *
   * @return whether the status changed
   */
  boolean reported(DeliveryState state, String status, String error, Instant now) {
    boolean forward =
        FAILED.equals(status)
            ? state.pending() || SENT.equals(state.status())
            : RANK.get(status) > RANK.get(state.status());
    if (!forward) {
      return false;
    }
    deliveries.reported(state.id(), status, FAILED.equals(status) ? error : null);
    statusChanged(state);
    if (state.pending()) {
      advance(state.conversationId(), now);
    }
    return true;
  }

  /**
   * Moves a message that is no longer pending forward in one conditional statement, without the
   * conversation's lock: only a pending message's change lets the conversation's next message go,
   * which needs the lock. Most callbacks (delivered, then read, of a sent message) take this path;
   * the condition keeps a concurrent change from being overwritten.
   */
  void movedOnWithoutLock(DeliveryState state, String status, String error) {
    List<String> from =
        switch (status) {
          case DELIVERED -> List.of(SENT, FAILED);
          case READ -> List.of(SENT, FAILED, DELIVERED);
          default -> List.of(SENT);
        };
    if (deliveries.moveOn(state.id(), from, status, FAILED.equals(status) ? error : null) > 0) {
      statusChanged(state);
    }
  }

  /** Queues a failed message again; false when it is not failed. */
  boolean retry(DeliveryState state, Instant now) {
    if (!FAILED.equals(state.status())) {
      return false;
    }
    deliveries.requeue(state.id());
    statusChanged(state);
    advance(state.conversationId(), now);
    return true;
  }

  /** Agents' event streams show the message's new delivery status. */
  private void statusChanged(DeliveryState state) {
    changes.messageUpdated(state.companyId(), state.conversationId(), state.id());
  }
}
