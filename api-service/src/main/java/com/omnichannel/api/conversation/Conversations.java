package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.User;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ResourceNotFoundException;
import com.omnichannel.kafka.RecordTracing;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one door for writes to conversations and messages (with {@link DeliveryLedger} for messages'
 * delivery columns). Every write takes the conversation's row lock before anything else it locks
 * (users only ever in share mode, the company row only to create a default user), stores its rows,
 * moves {@code updated_at} and {@code last_message_at}, and appends the events it announces to the
 * outbox, all in one transaction. The rules of other features (when an AI reply is dropped, how a
 * delivery moves on) decide in their own folders and write through here.
 */
@Service
public class Conversations {

  /** Messages or conversations a page lists unless the client asks for fewer. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  /** The most a page lists. */
  public static final int MAX_PAGE_SIZE = 200;

  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final InboundMessages inbound;
  private final CompanyDirectory directory;
  private final ChangeLog changes;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final RecordTracing tracing;
  private final InboundBatches inboundBatches;

  Conversations(
      ConversationRepository conversations,
      MessageRepository messages,
      InboundMessages inbound,
      CompanyDirectory directory,
      ChangeLog changes,
      ApplicationEventPublisher events,
      PlatformTransactionManager transactions,
      Clock clock,
      RecordTracing tracing,
      InboundBatches inboundBatches) {
    this.inboundBatches = inboundBatches;
    this.conversations = conversations;
    this.messages = messages;
    this.inbound = inbound;
    this.directory = directory;
    this.changes = changes;
    this.events = events;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
    this.tracing = tracing;
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

  /** The message as it is now, in the caller's transaction. */
  @Transactional(readOnly = true)
  public Message message(long messageId) {
    return messages.find(messageId).orElseThrow();
  }

  /**
   * Stores a contact's message in its latest conversation (started if there is none) and announces
   * it. A retry of a stored provider message changes nothing. A transaction that loses a unique key
   * or a lock to a concurrent one is run again, and then finds that one's rows.
   */
  public InboundResult appendInbound(
      Channel channel,
      ContactAddress from,
      String channelMessageId,
      String text,
      String correlationId) {
    return appendInbound(channel, InboundMessage.text(from, channelMessageId, text), correlationId);
  }

  /**
   * Stores a contact's message in its conversation (started if the contact has none open), in a
   * transaction of its own, and publishes it. A retry of a stored provider message is told by the
   * result and changes nothing.
   */
  public InboundResult appendInbound(
      Channel channel, InboundMessage message, String correlationId) {
    return inboundBatches.append(channel, message, correlationId);
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
    events.publishEvent(new AgentMessagePosted(conversationId, now));
    Message message = messages.find(id).orElseThrow();
    changes.messageCreated(conversation.companyId(), message);
    changes.conversationUpdated(conversation.companyId(), conversationId);
    return message;
  }

  /**
   * Sets the conversation's status, {@code open} or {@code resolved}; setting the one it has
   * changes nothing.
   */
  @Transactional
  public Conversation changeStatus(long companyId, long conversationId, ConversationStatus status) {
    Conversation conversation = lock(companyId, conversationId);
    if (conversation.status() == status) {
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
            ? directory.firstOrCreateAgent(conversation.companyId())
            : directory.firstOrCreateAi(conversation.companyId());
    changeOwner(conversation, next);
    return next;
  }

  /**
   * The owners of the conversations, read with row locks (taken in id order, so two callers cannot
   * deadlock) that keep a transfer from changing them before the caller's transaction ends.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Map<Long, Ownership> lockOwners(Collection<Long> conversationIds) {
    return conversations.lockOwners(conversationIds);
  }

  /** Locks the conversations' rows, in id order, until the caller's transaction ends. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void lockAll(Collection<Long> conversationIds) {
    conversations.lockAll(conversationIds);
  }

  /** Locks the company's conversation until the caller's transaction ends. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Conversation lock(long companyId, long id) {
    return conversations.lock(companyId, id).orElseThrow(() -> notFound(id));
  }

  /** These inbound messages, by id; ids of no message are left out. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Map<Long, Question> questions(Collection<Long> inboundIds) {
    return messages.questions(inboundIds);
  }

  /**
   * Stores AI replies, pending delivery and due for it at once, in conversations whose owners the
   * caller locked with {@link #lockOwners}, and announces them.
   *
   * @return when they were stored
   * @throws DuplicateKeyException when one of the messages got a reply since {@link #questions}
   *     looked
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Instant appendAiReplies(List<AiReply> replies, Map<Long, Ownership> owners) {
    Instant now = now();
    messages.insertAiReplies(replies, now);
    List<Long> touched = replies.stream().map(AiReply::conversationId).distinct().toList();
    conversations.messagesStored(touched, now);
    for (Message reply : messages.repliesTo(replies.stream().map(AiReply::inReplyTo).toList())) {
      changes.messageCreated(owners.get(reply.conversationId()).companyId(), reply);
    }
    touched.forEach(id -> changes.conversationUpdated(owners.get(id).companyId(), id));
    // The replies are due for delivery at once; the scheduler requests them after commit, each
    // in a short transaction of its own, so this batch holds its conversations' locks no longer
    // than its few statements take.
    events.publishEvent(new DeliveriesDue());
    return now;
  }

  /**
   * Gives a conversation the caller locked with {@link #lockOwners} to the company's first agent.
   *
   * @return its new ownership
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Ownership handToAgent(long conversationId, Ownership current) {
    User agent = directory.firstOrCreateAgent(current.companyId());
    conversations.changeOwner(conversationId, agent.id(), now());
    changes.conversationUpdated(current.companyId(), conversationId);
    return new Ownership(current.companyId(), agent.id(), false);
  }

  private Conversation changeOwner(Conversation conversation, User owner) {
    Instant now = now();
    conversations.changeOwner(conversation.id(), owner.id(), now);
    changes.conversationUpdated(conversation.companyId(), conversation.id());
    return conversation.withOwner(owner.id(), now);
  }

  /** Now, as the database stores it. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static ResourceNotFoundException notFound(long id) {
    return new ResourceNotFoundException("Conversation " + id + " not found");
  }
}
