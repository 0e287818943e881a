package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.User;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ResourceNotFoundException;
import com.omnichannel.contracts.AiReplyGenerated;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
  private static final Logger log = LoggerFactory.getLogger(Conversations.class);

  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final InboundMessages inbound;
  private final AiReplies aiReplies;
  private final CompanyDirectory directory;
  private final TransactionTemplate transaction;
  private final Clock clock;

  Conversations(
      ConversationRepository conversations,
      MessageRepository messages,
      InboundMessages inbound,
      AiReplies aiReplies,
      CompanyDirectory directory,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.conversations = conversations;
    this.messages = messages;
    this.inbound = inbound;
    this.aiReplies = aiReplies;
    this.directory = directory;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  /** What became of a provider's delivery: its conversation, and whether it was a repeat. */
  public record Appended(Conversation conversation, boolean duplicate) {}

  /** What became of one AI reply; counted as {@code omni.ai_replies{outcome=...}}. */
  public enum ReplyOutcome {
    STORED,
    DUPLICATE,
    DROPPED_HUMAN_OWNER,
    DROPPED_UNKNOWN_CONVERSATION;

    public String tag() {
      return name().toLowerCase();
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
   * Stores AI replies, at most one per inbound message and only while the AI owns the conversation;
   * the outcomes are in the order of {@code replies}.
   */
  @Transactional
  public List<ReplyOutcome> appendAiReplies(List<AiReplyGenerated> replies) {
    return aiReplies.append(replies, now());
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
    Message message =
        messages.insertFromAgent(conversation.companyId(), conversationId, author.id(), text, now);
    conversations.messagesStored(List.of(conversationId), now);
    return message;
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
