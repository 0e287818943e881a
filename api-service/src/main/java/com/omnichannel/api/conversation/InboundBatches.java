package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.intake.GroupCommit;
import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.kafka.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Contacts' messages stored by group commit ({@link GroupCommit}): the webhooks that arrive while a
 * batch commits are stored together in the next, one transaction for all of them, each request
 * answering once its message is committed; the messages' {@code MessageReceived} events go to the
 * outbox in one statement at the batch's end. A message alone is stored in a transaction of its
 * own, as every message was before, and so is each message of a batch that failed, or of one that
 * met a provider's retry of a stored message (that needs its transaction rolled back).
 *
 * <p>A batch takes its conversations' row locks in id order, as every other writer that locks
 * several does ({@link Conversations#lockAll}), so that two never wait on each other; conversations
 * the batch starts come last. Each message keeps its own trace and correlation id, and its own
 * time, a microsecond after the one before it in the batch.
 */
@Component
class InboundBatches {

  /** Messages stored per transaction at most. */
  static final int MAX_BATCH = 32;

  /** Batches stored at once, each on a connection of its own. */
  static final int CONCURRENT_BATCHES = 2;

  private static final int ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(InboundBatches.class);

  /** A message to store, with the trace of the request that delivered it. */
  record Inbound(
      Channel channel, InboundMessage message, String correlationId, String traceParent) {}

  /** A message of a batch, its place in the batch, and the conversation it goes to (if any). */
  private record Planned(int index, Inbound inbound, InboxEntry.Contact contact, Long latest) {}

  private final InboundMessages inbound;
  private final OutboxWriter outbox;
  private final ConversationRepository conversations;
  private final TransactionTemplate transaction;
  private final RecordTracing tracing;
  private final Conversations clock;
  private final GroupCommit<Inbound, InboundResult> commits;

  InboundBatches(
      InboundMessages inbound,
      OutboxWriter outbox,
      ConversationRepository conversations,
      PlatformTransactionManager transactions,
      RecordTracing tracing,
      @org.springframework.context.annotation.Lazy Conversations clock,
      MeterRegistry meters) {
    this.inbound = inbound;
    this.outbox = outbox;
    this.conversations = conversations;
    this.transaction = new TransactionTemplate(transactions);
    this.tracing = tracing;
    this.clock = clock;
    this.commits =
        new GroupCommit<>(
            "inbound_messages",
            MAX_BATCH,
            CONCURRENT_BATCHES,
            this::inOneTransaction,
            this::alone,
            meters);
  }

  /** Stores the message with those that arrive with it; returns once it is committed. */
  InboundResult append(Channel channel, InboundMessage message, String correlationId) {
    return commits.apply(new Inbound(channel, message, correlationId, tracing.current()));
  }

  /**
   * The batch in one transaction; none of it (all handed back) when it met a retry of a stored
   * message.
   */
  private List<InboundResult> inOneTransaction(List<Inbound> batch) {
    boolean[] metARetry = {false};
    List<InboundResult> results =
        transaction.execute(
            tx -> {
              Instant now = clock.now();
              InboundResult[] stored = new InboundResult[batch.size()];
              List<OutboxWriter.Row> events = new ArrayList<>(batch.size());
              List<Planned> plan = plan(batch);
              for (int i = 0; i < plan.size(); i++) {
                Planned planned = plan.get(i);
                Inbound item = planned.inbound();
                Instant at = now.plusNanos(1_000L * i);
                InboundResult result =
                    traced(
                        item,
                        () ->
                            inbound.append(
                                tx,
                                item.channel(),
                                item.message(),
                                planned.contact(),
                                item.correlationId(),
                                at,
                                events));
                if (result.duplicate()) {
                  metARetry[0] = true;
                  return null;
                }
                stored[planned.index()] = result;
              }
              // The batch's events in one statement, each in its message's trace.
              outbox.appendAll(events);
              return Arrays.asList(stored);
            });
    return metARetry[0] ? Collections.nCopies(batch.size(), null) : results;
  }

  /** The batch's senders, and its messages in the order of their conversations' ids. */
  private List<Planned> plan(List<Inbound> batch) {
    List<Planned> plan = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Inbound item = batch.get(i);
      InboxEntry.Contact contact = inbound.contactOf(item.channel(), item.message());
      Long latest = conversations.latestId(item.channel().id(), contact.id()).orElse(null);
      plan.add(new Planned(i, item, contact, latest));
    }
    // Stable: two messages to one conversation keep their order.
    plan.sort(
        Comparator.comparing(Planned::latest, Comparator.nullsLast(Comparator.naturalOrder())));
    return plan;
  }

  /** One message in a transaction of its own, run again when it lost a key or a lock. */
  private InboundResult alone(Inbound item) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.execute(
            tx ->
                inbound.append(
                    tx, item.channel(), item.message(), item.correlationId(), clock.now()));
      } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        log.debug("Inbound message conflicted (attempt {}), retrying: {}", attempt, e.toString());
      }
    }
  }

  /** Runs the item's work in its own trace and with its own correlation id in the log lines. */
  private <T> T traced(Inbound item, java.util.function.Supplier<T> work) {
    Span span =
        item.traceParent() == null
            ? null
            : tracing.startFrom("inbound message stored", item.traceParent(), Span.Kind.PRODUCER);
    try (var scope = tracing.inScope(span);
        var logged = MDC.putCloseable(RecordTracing.CORRELATION_MDC, item.correlationId())) {
      return work.get();
    } finally {
      if (span != null) {
        span.end();
      }
    }
  }
}
