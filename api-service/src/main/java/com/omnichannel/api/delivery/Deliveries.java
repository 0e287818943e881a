package com.omnichannel.api.delivery;

import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.DeliveryLedger;
import com.omnichannel.api.conversation.DeliveryQueue;
import com.omnichannel.api.conversation.DeliveryState;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.conversation.DueDelivery;
import com.omnichannel.api.conversation.Message;
import com.omnichannel.api.intake.IntakePressure;
import com.omnichannel.api.web.ConflictException;
import com.omnichannel.api.web.ResourceNotFoundException;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.DeliveryOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactions of delivery: the gateway's reports, the requests that are due, providers' status
 * callbacks and agents' retries. Each takes its conversations' row locks through the conversations'
 * door, then lets {@link DeliveryStateMachine} decide.
 */
@Service
public class Deliveries {

  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

  /**
   * How old a waiting status must be before the sweeper looks at it: younger ones are released by
   * their send's report, which takes them in its own transaction.
   */
  static final Duration RACE = Duration.ofSeconds(2);

  /** Where the sweeper goes on from: the arrival of the last waiting status it looked at. */
  private volatile Instant sweptUpTo = Instant.EPOCH;

  /** Delivery reports or requests stored per transaction. */
  private static final int CHUNK = 10;

  private final Conversations conversations;
  private final DeliveryLedger ledger;
  private final DeliveryQueue queue;
  private final DeliveryStateMachine machine;
  private final EarlyStatuses early;
  private final TransactionTemplate transaction;
  private final TransactionTemplate readOnlyTransaction;
  private final IntakePressure intake;

  Deliveries(
      Conversations conversations,
      DeliveryLedger ledger,
      DeliveryQueue queue,
      DeliveryStateMachine machine,
      EarlyStatuses early,
      PlatformTransactionManager transactions,
      IntakePressure intake) {
    this.intake = intake;
    this.early = early;
    this.conversations = conversations;
    this.ledger = ledger;
    this.queue = queue;
    this.machine = machine;
    this.transaction = new TransactionTemplate(transactions);
    this.readOnlyTransaction = new TransactionTemplate(transactions);
    this.readOnlyTransaction.setReadOnly(true);
  }

  /**
   * Stores the gateway's reports on delivery attempts, in their order, {@value #CHUNK} to a
   * transaction: a report takes its conversation's lock, and one transaction holding many
   * conversations' locks kept webhooks waiting for them, while a transaction per report spent the
   * database's time on commits. Reports are idempotent, so one stored again after a later one
   * failed changes nothing. Unlike the other background steps, reports do not wait while intake is
   * under pressure: they come back at the rate of the requests, which do wait, and a report held
   * back made intake's work larger, not smaller (each status of its message arrived first and was
   * parked by its webhook, then taken by the report).
   */
  List<RecordedAttempt> recordAttempts(List<DeliveryAttempted> reports) {
    List<RecordedAttempt> recorded = new ArrayList<>(reports.size());
    for (List<DeliveryAttempted> chunk : chunks(reports)) {
      recorded.addAll(
          transaction.execute(
              tx -> {
                conversations.lockAll(
                    chunk.stream().map(DeliveryAttempted::conversationId).sorted().toList());
                Instant now = conversations.now();
                return chunk.stream().map(report -> recordAttempt(report, now)).toList();
              }));
    }
    return recorded;
  }

  /** Stores one report; a send's provider id then releases the statuses that came before it. */
  private RecordedAttempt recordAttempt(DeliveryAttempted report, Instant now) {
    RecordedAttempt recorded = machine.record(report, now);
    if (DeliveryOutcome.SENT.equals(report.outcome())
        && report.providerMessageId() != null
        && recorded.outcome() != AttemptOutcome.UNKNOWN) {
      for (EarlyStatuses.Early waiting :
          early.take(report.channelId(), report.providerMessageId())) {
        ledger
            .state(report.messageId())
            .ifPresent(
                state -> machine.movedOnWithoutLock(state, waiting.status(), waiting.error()));
      }
    }
    return recorded;
  }

  /**
   * Requests the deliveries that are due (new messages, retries whose wait is over, requests whose
   * lease ran out), {@value #CHUNK} to a transaction, for the same reason, each after waiting while
   * intake is under pressure: the requests sent now come back as the provider's status webhooks in
   * a moment.
   *
   * @return how many were due
   */
  int requestDue(int limit) {
    Instant now = conversations.now();
    List<DueDelivery> due = readOnlyTransaction.execute(tx -> queue.due(now, limit));
    for (List<DueDelivery> chunk : chunks(due)) {
      intake.yieldToIntake();
      transaction.executeWithoutResult(
          tx -> {
            conversations.lockAll(
                chunk.stream().map(DueDelivery::conversationId).sorted().toList());
            chunk.forEach(
                delivery ->
                    machine.requestIfDue(delivery.messageId(), delivery.conversationId(), now));
          });
    }
    return due.size();
  }

  private static <T> List<List<T>> chunks(List<T> items) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += CHUNK) {
      chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
    }
    return chunks;
  }

  /**
   * Stores a provider's status callback for the company's message on the channel, found by our id
   * or the provider's. Statuses only move forward; a late or repeated one changes nothing.
   *
   * @return the message as it is now
   */
  @Transactional
  public Message recordProviderStatus(
      long companyId,
      long channelId,
      Long messageId,
      String providerMessageId,
      DeliveryStatus status,
      String error) {
    String name = messageId != null ? "Message " + messageId : "Message " + providerMessageId;
    DeliveryState found =
        ledger
            .find(companyId, channelId, messageId, providerMessageId)
            .orElseThrow(() -> new ResourceNotFoundException(name + " not found"));
    apply(found, status, error);
    return conversations.message(found.id());
  }

  /** A status of the message {@code found} in the caller's transaction; forward only. */
  private void apply(DeliveryState found, DeliveryStatus status, String error) {
    if (!found.pending()) {
      machine.movedOnWithoutLock(found, status, error);
      return;
    }
    conversations.lock(found.companyId(), found.conversationId());
    DeliveryState current = ledger.state(found.id()).orElseThrow();
    machine.reported(current, status, error, conversations.now());
  }

  /**
   * Stores a provider's status for the message it names by its own id. A status that came before
   * the message's provider id was recorded (the provider called back before the gateway's report of
   * the send was stored) is kept and applied once the id is known.
   *
   * @return whether the message was found; false when the status waits for it
   */
  @Transactional
  public boolean recordProviderStatusById(
      long companyId,
      long channelId,
      String providerMessageId,
      DeliveryStatus status,
      String error) {
    Optional<DeliveryState> found = ledger.find(companyId, channelId, null, providerMessageId);
    if (found.isEmpty()) {
      early.park(companyId, channelId, providerMessageId, status, error, conversations.now());
      return false;
    }
    // The message is looked up once: a provider posts up to three statuses per message.
    apply(found.get(), status, error);
    return true;
  }

  /**
   * Applies the early statuses that raced their send's report (parked just as the report stored the
   * provider id), looking at up to {@code limit} of those older than {@link #RACE} per call, from
   * where the last call left off, in one statement; only one whose message is known by now takes a
   * transaction. Drops those that waited longer than {@code longestWait}.
   *
   * @return how many were looked at; {@code limit} says more are waiting
   */
  int applyEarlyStatuses(int limit, Duration longestWait) {
    Instant now = conversations.now();
    List<EarlyStatuses.Seen> waiting =
        readOnlyTransaction.execute(tx -> early.receivedBetween(sweptUpTo, now.minus(RACE), limit));
    for (EarlyStatuses.Seen seen : waiting) {
      if (seen.messageKnown()) {
        applyWaiting(seen.status());
      }
    }
    // The next call goes on from here; after the last of them it starts from the oldest again.
    sweptUpTo =
        waiting.size() < limit
            ? Instant.EPOCH
            : waiting.get(waiting.size() - 1).status().receivedAt();
    transaction.executeWithoutResult(tx -> early.dropOlderThan(now.minus(longestWait)));
    return waiting.size();
  }

  private void applyWaiting(EarlyStatuses.Early status) {
    try {
      transaction.executeWithoutResult(tx -> applyIfKnown(status));
    } catch (RuntimeException e) {
      // One that cannot be applied must not hold up the others (of every company) for good.
      log.warn(
          "Early status {} of provider message {} on channel {} dropped: {}",
          status.status().spelling(),
          status.providerMessageId(),
          status.channelId(),
          e.toString());
      transaction.executeWithoutResult(tx -> early.remove(status));
    }
  }

  private void applyIfKnown(EarlyStatuses.Early status) {
    ledger
        .find(status.companyId(), status.channelId(), null, status.providerMessageId())
        .ifPresent(
            found -> {
              apply(found, status.status(), status.error());
              early.remove(status);
            });
  }

  /**
   * Queues a failed message for delivery again.
   *
   * @throws ConflictException when the message is not failed
   */
  @Transactional
  public Message retry(long companyId, long conversationId, long messageId) {
    conversations.lock(companyId, conversationId);
    DeliveryState state =
        ledger
            .state(messageId)
            .filter(found -> found.conversationId() == conversationId)
            .orElseThrow(
                () -> new ResourceNotFoundException("Message " + messageId + " not found"));
    if (!machine.retry(state, conversations.now())) {
      DeliveryStatus now =
          ledger.state(messageId).map(DeliveryState::status).orElse(state.status());
      throw new ConflictException(
          "Message "
              + messageId
              + " is not failed (its delivery_status is "
              + now.spelling()
              + "); only failed messages can be retried");
    }
    return conversations.message(messageId);
  }
}
