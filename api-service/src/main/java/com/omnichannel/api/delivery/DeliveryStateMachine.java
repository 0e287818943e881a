package com.omnichannel.api.delivery;

import static com.omnichannel.api.conversation.DeliveryStatus.FAILED;
import static com.omnichannel.api.conversation.DeliveryStatus.PENDING;

import com.omnichannel.api.company.OutboundProperties;
import com.omnichannel.api.conversation.AgentMessagePosted;
import com.omnichannel.api.conversation.DeliveryLedger;
import com.omnichannel.api.conversation.DeliveryQueue;
import com.omnichannel.api.conversation.DeliveryState;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.conversation.OutboundMessage;
import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.RecordTracing;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How a message is delivered, run inside the transactions of {@link Deliveries} under the
 * conversation's row lock, writing through the conversations' {@link DeliveryLedger}. A
 * conversation has at most one message in delivery: its earliest pending one. That one is requested
 * from the gateway (through the outbox) with a lease; the gateway's report sends it, schedules its
 * retry or fails it, and then the next pending message of the conversation is requested. A request
 * that is not answered within the lease is requested again, with the same idempotency key, so a
 * gateway that dies loses nothing.
 */
@Component
class DeliveryStateMachine {

  private static final Logger log = LoggerFactory.getLogger(DeliveryStateMachine.class);

  /** A provider's Retry-After is honoured up to this. */
  static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

  private final DeliveryLedger deliveries;
  private final DeliveryQueue queue;
  private final OutboxWriter outbox;
  private final RecordTracing tracing;
  private final DeliveryRequests requests;
  private final OutboundProperties properties;

  DeliveryStateMachine(
      DeliveryLedger deliveries,
      DeliveryQueue queue,
      OutboxWriter outbox,
      RecordTracing tracing,
      DeliveryRequests requests,
      OutboundProperties properties) {
    this.deliveries = deliveries;
    this.queue = queue;
    this.outbox = outbox;
    this.tracing = tracing;
    this.requests = requests;
    this.properties = properties;
  }

  /**
   * Requests the delivery of the conversation's earliest pending message if it is due (or waits for
   * its turn, due_at NULL) and not requested already. A message that cannot be sent is failed, and
   * the next one taken.
   */
  void advance(long conversationId, Instant now) {
    advanceFrom(queue.head(conversationId).orElse(null), conversationId, now);
  }

  /** {@link #advance}, from the conversation's earliest pending message as just read. */
  private void advanceFrom(OutboundMessage head, long conversationId, Instant now) {
    while (head != null
        && (head.dueAt() == null || !head.dueAt().isAfter(now))
        && !request(head, now)) {
      head = queue.head(conversationId).orElse(null);
    }
  }

  /** An agent's message is requested in the transaction that stored it, if it is next. */
  @EventListener
  void onAgentMessage(AgentMessagePosted posted) {
    advance(posted.conversationId(), posted.at());
  }

  /**
   * Requests the message if it is due and its conversation's earliest pending one; one that is due
   * but not first waits for its turn (the one before it, once done, requests it).
   */
  void requestIfDue(long messageId, long conversationId, Instant now) {
    OutboundMessage head = queue.head(conversationId).orElse(null);
    if (head == null) {
      return;
    }
    if (head.id() != messageId) {
      queue.waitForTurn(messageId);
    }
    advanceFrom(head, conversationId, now);
  }

  /**
   * Appends the request for the message's next attempt to the outbox and leases it.
   *
   * @return false when the message cannot be sent and was failed instead, or is no longer pending
   */
  private boolean request(OutboundMessage message, Instant now) {
    long messageId = message.id();
    String unsendable = requests.unsendable(message);
    if (unsendable != null) {
      log.info("Message {} cannot be delivered: {}", messageId, unsendable);
      deliveries.failed(message.key(), message.attempts(), unsendable);
      return false;
    }
    // The lease first: a message that is no longer pending is not requested (nor announced).
    if (!deliveries.dueAt(messageId, message.attempts(), null, now.plus(properties.lease()))) {
      return false;
    }
    String correlationId = "message-" + message.id();
    // The request goes on with the trace of the message: the inbound message's for an AI reply,
    // the posting request's for an agent's message.
    Span span = tracing.startFrom("delivery request", message.traceParent(), Span.Kind.PRODUCER);
    try (var scope = tracing.inScope(span)) {
      outbox.append(
          Topics.OUTBOUND_MESSAGE,
          message.conversationId(),
          OutboundMessageRequested.TYPE,
          correlationId,
          requests.request(message, now, correlationId));
    } finally {
      span.end();
    }
    return true;
  }

  /** Stores what the gateway reports of one attempt. */
  RecordedAttempt record(DeliveryAttempted report, Instant now) {
    DeliveryState state = deliveries.state(report.messageId()).orElse(null);
    if (state == null
        || state.companyId() != report.companyId()
        || state.conversationId() != report.conversationId()) {
      log.warn("Delivery report for unknown message {} ignored", report.messageId());
      return RecordedAttempt.of(AttemptOutcome.UNKNOWN);
    }
    if (DeliveryOutcome.SENT.equals(report.outcome())) {
      return sent(state, report, now);
    }
    if (!state.pending() || report.attempt() != state.attempts() + 1) {
      // An answer to a request that was requested again, or overtaken by a status callback.
      return RecordedAttempt.of(AttemptOutcome.STALE);
    }
    int attempts = state.attempts() + 1;
    String error = report.error() == null ? "attempt failed" : report.error();
    // Each write below applies only while the message is still pending; one that found it moved
    // on changed nothing, and the report is stale.
    switch (report.outcome()) {
      case DEFERRED -> {
        boolean deferred =
            deliveries.dueAt(
                state.id(),
                state.attempts(),
                null,
                now.plusMillis(
                    report.retryAfterMillis() == null ? 1000 : report.retryAfterMillis()));
        return RecordedAttempt.of(deferred ? AttemptOutcome.DEFERRED : AttemptOutcome.STALE);
      }
      case RETRYABLE -> {
        if (attempts >= properties.maxAttempts()) {
          return failed(state, attempts, "Gave up after " + attempts + " attempts: " + error, now);
        }
        boolean scheduled =
            deliveries.dueAt(
                state.id(),
                attempts,
                error,
                now.plus(retryDelay(attempts, report.retryAfterMillis())));
        return RecordedAttempt.of(
            scheduled ? AttemptOutcome.RETRY_SCHEDULED : AttemptOutcome.STALE);
      }
      default -> {
        return failed(state, attempts, error, now);
      }
    }
  }

  private RecordedAttempt failed(DeliveryState state, int attempts, String error, Instant now) {
    if (!deliveries.failed(state.key(), attempts, error)) {
      return RecordedAttempt.of(AttemptOutcome.STALE);
    }
    advance(state.conversationId(), now);
    return RecordedAttempt.of(AttemptOutcome.FAILED);
  }

  private RecordedAttempt sent(DeliveryState state, DeliveryAttempted report, Instant now) {
    Instant sentAt = report.occurredAt() == null ? now : report.occurredAt();
    if (!state.pending()) {
      // A status callback overtook the 2xx (or a second request was answered too): keep what the
      // first 2xx tells, change no status.
      deliveries.sentLate(state.id(), report.providerMessageId(), sentAt);
      return RecordedAttempt.of(AttemptOutcome.STALE);
    }
    if (!deliveries.sent(
        state.key(),
        Math.max(report.attempt(), state.attempts() + 1),
        report.providerMessageId(),
        sentAt)) {
      deliveries.sentLate(state.id(), report.providerMessageId(), sentAt);
      return RecordedAttempt.of(AttemptOutcome.STALE);
    }
    advance(state.conversationId(), now);
    return new RecordedAttempt(AttemptOutcome.SENT, Duration.between(state.createdAt(), sentAt));
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
        retryAfterMillis == null ? 0 : Math.min(retryAfterMillis, LONGEST_RETRY_AFTER.toMillis());
    return Duration.ofMillis(Math.max(jittered, asked));
  }

  /**
   * Stores a provider's status callback; statuses only move forward, from the status in the
   * database, whatever {@code state} read a moment before.
   *
   * @return whether the status changed
   */
  boolean reported(DeliveryState state, DeliveryStatus status, String error, Instant now) {
    if (!state.status().mayMoveTo(status)
        || !deliveries.reported(state.key(), status, status == FAILED ? error : null)) {
      return false;
    }
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
  void movedOnWithoutLock(DeliveryState state, DeliveryStatus status, String error) {
    if (!state.status().mayMoveTo(status)) {
      // A provider's "sent" for a message already sent, say: nothing moves, nothing is announced
      // (the driver counts a row that matched as changed, even when it kept its values).
      return;
    }
    List<DeliveryStatus> from =
        Arrays.stream(DeliveryStatus.values())
            .filter(before -> before != PENDING && before.mayMoveTo(status))
            .toList();
    deliveries.moveOn(state.key(), from, status, status == FAILED ? error : null);
  }

  /** Queues a failed message again; false when it is not failed (in the database). */
  boolean retry(DeliveryState state, Instant now) {
    if (state.status() != FAILED || !deliveries.requeue(state.key())) {
      return false;
    }
    advance(state.conversationId(), now);
    return true;
  }
}
