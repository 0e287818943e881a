package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.User;
import com.omnichannel.api.web.ConflictException;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ResourceNotFoundException;
import com.omnichannel.contracts.AiWorkerEvent;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.kafka.RecordTracing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one door for writes to conversations and messages. Every write takes the conversation's row
 * lock before anything else it locks (users only ever in share mode, the company row only to create
 * a default user), stores its rows, moves {@code updated_at} and {@code last_message_at}, and
 * appends the events it announces to the outbox, all in one transaction.
 */
@Service
public class Conversations {

  private static final int INBOUND_ATTEMPTS = 5;

  /** Delivery reports or requests stored per transaction. */
  private static final int DELIVERY_CHUNK = 10;

  private static final Logger log = LoggerFactory.getLogger(Conversations.class);

  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final InboundMessages inbound;
  private final AiReplies aiReplies;
  private final Deliveries deliveries;
  private final DeliveryRepository deliveryStates;
  private final CompanyDirectory directory;
  private final ChangeLog changes;
  private final TransactionTemplate transaction;
  private final TransactionTemplate readOnlyTransaction;
  private final Clock clock;

  private final RecordTracing tracing;

  Conversations(
      ConversationRepository conversations,
      MessageRepository messages,
      InboundMessages inbound,
      AiReplies aiReplies,
      Deliveries deliveries,
      DeliveryRepository deliveryStates,
      CompanyDirectory directory,
      ChangeLog changes,
      PlatformTransactionManager transactions,
      Clock clock,
      RecordTracing tracing) {
    this.tracing = tracing;
    this.changes = changes;
    this.conversations = conversations;
    this.messages = messages;
    this.inbound = inbound;
    this.aiReplies = aiReplies;
    this.deliveries = deliveries;
    this.deliveryStates = deliveryStates;
    this.directory = directory;
    this.transaction = new TransactionTemplate(transactions);
    this.readOnlyTransaction = new TransactionTemplate(transactions);
    this.readOnlyTransaction.setReadOnly(true);
    this.clock = clock;
  }

  /** What became of a provider's delivery: its conversation, and whether it was a repeat. */
  public record Appended(Conversation conversation, boolean duplicate) {}

  /** What became of one AI reply; counted as {@code omni.ai_replies{outcome=...}}. */
  public enum ReplyOutcome {
    STORED,
    /** A hand-off moved the conversation to the company's first agent. */
    HANDED_OFF,
    DUPLICATE,
    DROPPED_HUMAN_OWNER,
    DROPPED_UNKNOWN_CONVERSATION;

    public String tag() {
      return name().toLowerCase();
    }
  }

  /**
   * What one delivery report did: {@code sent}, {@code retry_scheduled}, {@code failed}, {@code
   * deferred}, {@code stale} (it answered a request that was superseded) or {@code unknown}.
   *
   * @param storedToSent from the message being stored to the provider's 2xx; null unless sent
   */
  public record RecordedAttempt(String outcome, Duration storedToSent) {

    static RecordedAttempt of(String outcome) {
      return new RecordedAttempt(outcome, null);
    }
  }

  @Transactional(readOnly = true)
  public Conversation get(long companyId, long id) {
    return conversations.find(companyId, id).orElseThrow(() -> notFound(id));
  }

  @Transactional(readOnly = true)
  public List<Message> messages(long companyId, long conversationId, long afterId, int limit) {
    get(companyId, conversationId);
    return messages.page(conversationId, afterId, limit);
  }

  /**
   * Stores a contact's message in its latest conversation (started if there is none) and announces
   * it. A retry of a stored provider message changes nothing. A transaction that loses a unique key
   * or a lock to a concurrent one is run again, and then finds that one's rows.
   */
  public Appended appendInbound(
      Channel channel,
      ContactAddress from,
      String channelMessageId,
      String text,
      String correlationId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.execute(
            tx -> inbound.append(channel, from, channelMessageId, text, correlationId, now()));
      } catch (InboundMessages.AlreadyDelivered e) {
        return new Appended(get(channel.companyId(), e.conversationId()), true);
      } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
        if (attempt == INBOUND_ATTEMPTS) {
          throw e;
        }
        log.debug("Inbound message conflicted (attempt {}), retrying: {}", attempt, e.toString());
      }
    }
  }

  /**
   * Stores AI replies, at most one per inbound message and only while the AI owns the conversation,
   * and hands conversations whose AI asked for a human to the company's first agent, as {@link
   * #toggleOwnership} does; the outcomes are in the order of {@code events}. Each reply keeps the
   * trace it came with ({@code traceparent} by the inbound message it answers, none if absent),
   * which its delivery goes on with.
   */
  @Transactional
  public List<ReplyOutcome> appendAiReplies(
      List<? extends AiWorkerEvent> events, Map<Long, String> traceByInbound) {
    return aiReplies.append(events, traceByInbound, now());
  }

  @Transactional
  public Message postFromAgent(long companyId, long conversationId, long authorId, String text) {
    Conversation conversation = lock(companyId, conversationId);
    User author =
        directory
            .findUser(conversation.companyId(), authorId)
            .filter(User::isAgent)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "author_id "
                            + authorId
                            + " is not an agent of the conversation's company"));
    Instant now = now();
    long id =
        messages.insertFromAgent(
            conversation.companyId(), conversationId, author.id(), text, now, tracing.current());
    conversations.messagesStored(List.of(conversationId), now);
    deliveries.advance(conversationId, now);
    Message message = messages.find(id).orElseThrow();
    changes.messageCreated(conversation.companyId(), message);
    changes.conversationUpdated(conversation.companyId(), conversationId);
    return message;
  }

  /**
   * Stores the gateway's reports on delivery attempts, in their order, {@value #DELIVERY_CHUNK} to
   * a transaction: a report takes its conversation's lock, and one transaction holding many
   * conversations' locks kept webhooks waiting for them, while a transaction per report spent the
   * database's time on commits. Reports are idempotent, so one stored again after a later one
   * failed changes nothing.
   */
  public List<RecordedAttempt> recordDeliveryAttempts(List<DeliveryAttempted> reports) {
    List<RecordedAttempt> recorded = new ArrayList<>(reports.size());
    for (List<DeliveryAttempted> chunk : chunks(reports)) {
      recorded.addAll(
          transaction.execute(
              tx -> {
                conversations.lockAll(
                    chunk.stream().map(DeliveryAttempted::conversationId).sorted().toList());
                Instant now = now();
                return chunk.stream().map(report -> deliveries.record(report, now)).toList();
              }));
    }
    return recorded;
  }

  /**
   * Requests the deliveries that are due (new messages, retries whose wait is over, requests whose
   * lease ran out), {@value #DELIVERY_CHUNK} to a transaction, for the same reason.
   *
   * @return how many were due
   */
  public int requestDueDeliveries(int limit) {
    Instant now = now();
    List<DeliveryRepository.DueDelivery> due =
        readOnlyTransaction.execute(tx -> deliveryStates.due(now, limit));
    for (List<DeliveryRepository.DueDelivery> chunk : chunks(due)) {
      transaction.executeWithoutResult(
          tx -> {
            conversations.lockAll(
                chunk.stream()
                    .map(DeliveryRepository.DueDelivery::conversationId)
                    .sorted()
                    .toList());
            chunk.forEach(
                delivery ->
                    deliveries.requestIfDue(delivery.messageId(), delivery.conversationId(), now));
          });
    }
    return due.size();
  }

  private static <T> List<List<T>> chunks(List<T> items) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += DELIVERY_CHUNK) {
      chunks.add(items.subList(from, Math.min(items.size(), from + DELIVERY_CHUNK)));
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
      String status,
      String error) {
    String name = messageId != null ? "Message " + messageId : "Message " + providerMessageId;
    DeliveryRepository.DeliveryState found =
        deliveryStates
            .find(companyId, channelId, messageId, providerMessageId)
            .orElseThrow(() -> new ResourceNotFoundException(name + " not found"));
    if (!found.pending()) {
      deliveries.movedOnWithoutLock(found, status, error);
      return messages.find(found.id()).orElseThrow();
    }
    lock(companyId, found.conversationId());
    DeliveryRepository.DeliveryState current = deliveryStates.state(found.id()).orElseThrow();
    deliveries.reported(current, status, error, now());
    return messages.find(found.id()).orElseThrow();
  }

  /**
   * Queues a failed message for delivery again.
   *
   * @throws ConflictException when the message is not failed
   */
  @Transactional
  public Message retryDelivery(long companyId, long conversationId, long messageId) {
    lock(companyId, conversationId);
    DeliveryRepository.DeliveryState state =
        deliveryStates
            .state(messageId)
            .filter(found -> found.conversationId() == conversationId)
            .orElseThrow(
                () -> new ResourceNotFoundException("Message " + messageId + " not found"));
    if (!deliveries.retry(state, now())) {
      throw new ConflictException(
          "Message "
              + messageId
              + " is not failed (its delivery_status is "
              + state.status()
              + "); only failed messages can be retried");
    }
    return messages.find(messageId).orElseThrow();
  }

  /**
   * Sets the conversation's status, {@code open} or {@code resolved}; setting the one it has
   * changes nothing.
   */
  @Transactional
  public Conversation changeStatus(long companyId, long conversationId, String status) {
    if (!Conversation.OPEN.equals(status) && !Conversation.RESOLVED.equals(status)) {
      throw new InvalidRequestException("status must be open or resolved");
    }
    Conversation conversation = lock(companyId, conversationId);
    if (conversation.status().equals(status)) {
      return conversation;
    }
    Instant now = now();
    conversations.changeStatus(conversationId, status, now);
    changes.conversationUpdated(companyId, conversationId);
    return conversation.withStatus(status, now);
  }

  /**
   * Makes {@code newOwnerId} the owner. The row lock orders this against an AI reply being stored,
   * so a reply that arrives after the transfer finds the new owner.
   */
  @Transactional
  public Conversation transfer(long companyId, long conversationId, long newOwnerId) {
    Conversation conversation = lock(companyId, conversationId);
    User owner =
        directory
            .findUser(conversation.companyId(), newOwnerId)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "new_owner_id "
                            + newOwnerId
                            + " is not a user of the conversation's company"));
    return changeOwner(conversation, owner);
  }

  /** Hands an AI-owned conversation to the company's first agent, and a human-owned one back. */
  @Transactional
  public User toggleOwnership(long companyId, long conversationId) {
    Conversation conversation = lock(companyId, conversationId);
    boolean aiOwned =
        directory
            .findUser(conversation.companyId(), conversation.ownerId())
            .map(User::isAi)
            .orElse(false);
    User next =
        aiOwned
            ? directory.firstOrCreateUser(
                conversation.companyId(), User.AGENT, CompanyDirectory.DEFAULT_AGENT_NAME)
            : directory.firstOrCreateUser(
                conversation.companyId(), User.AI, CompanyDirectory.DEFAULT_AI_NAME);
    changeOwner(conversation, next);
    return next;
  }

  private Conversation changeOwner(Conversation conversation, User owner) {
    Instant now = now();
    conversations.changeOwner(conversation.id(), owner.id(), now);
    changes.conversationUpdated(conversation.companyId(), conversation.id());
    return conversation.withOwner(owner.id(), now);
  }

  private Conversation lock(long companyId, long id) {
    return conversations.lock(companyId, id).orElseThrow(() -> notFound(id));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static ResourceNotFoundException notFound(long id) {
    return new ResourceNotFoundException("Conversation " + id + " not found");
  }
}
