package com.omnichannel.api.webhook;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.User;
import com.omnichannel.api.conversation.Conversation;
import com.omnichannel.api.conversation.ConversationRepository;
import com.omnichannel.api.conversation.ConversationRepository.OwnedConversation;
import com.omnichannel.api.conversation.Message;
import com.omnichannel.api.conversation.MessageRepository;
import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.api.ratelimit.RateLimitExceededException;
import com.omnichannel.api.ratelimit.RateLimiter;
import com.omnichannel.api.web.ResourceNotFoundException;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.contracts.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a provider's inbound message in its conversation and announces it, in one transaction.
 * Retries of the same provider message change nothing.
 */
@Service
class InboundMessageService {

  private static final int ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(InboundMessageService.class);

  private final CompanyDirectory directory;
  private final ContactRepository contacts;
  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final OutboxWriter outbox;
  private final TransactionTemplate transaction;
  private final RateLimiter rateLimiter;
  private final Clock clock;

  InboundMessageService(
      CompanyDirectory directory,
      ContactRepository contacts,
      ConversationRepository conversations,
      MessageRepository messages,
      OutboxWriter outbox,
      PlatformTransactionManager transactions,
      RateLimiter rateLimiter,
      Clock clock) {
    this.directory = directory;
    this.contacts = contacts;
    this.conversations = conversations;
    this.messages = messages;
    this.outbox = outbox;
    this.transaction = new TransactionTemplate(transactions);
    this.rateLimiter = rateLimiter;
    this.clock = clock;
  }

  /** What became of a delivery: its conversation, and whether it was a repeat. */
  record Outcome(Conversation conversation, boolean duplicate) {}

  /**
   * Checks the delivery's channel, rate limit and signature, then stores it.
   *
   * @param body the raw request body, which the signature covers
   */
  Outcome receive(
      InboundMessageRequest request, byte[] body, String signature, String correlationId) {
    Channel channel = channelOf(request.companyId(), request.channelId());
    rateLimiter
        .tryWebhook(channel.id())
        .ifPresent(
            wait -> {
              throw new RateLimitExceededException(
                  "Rate limit of channel " + channel.id() + " exceeded; retry after " + wait + " s",
                  wait);
            });
    WebhookSignature.verify(channel, body, signature);
    ContactAddress address = ContactAddress.parse(channel, request.from());
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.execute(tx -> store(channel, address, request, correlationId));
      } catch (AlreadyDelivered e) {
        return new Outcome(
            conversations.find(channel.companyId(), e.conversationId).orElseThrow(), true);
      } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
        // A concurrent first message or retry won a unique key or a lock; run again and
        // find its rows.
        if (attempt == ATTEMPTS) {
          throw e;
        }
        log.debug("Inbound message conflicted (attempt {}), retrying: {}", attempt, e.toString());
      }
    }
  }

  private Outcome store(
      Channel channel,
      ContactAddress address,
      InboundMessageRequest request,
      String correlationId) {
    // No look-up of the provider id first: the unique key catches a retry at the insert below,
    // and the transaction then rolls back whatever it did; new messages save a round trip.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    long contactId = contacts.findOrCreate(channel.companyId(), address);
    OwnedConversation owned =
        conversations
            .lockLatest(channel.id(), contactId)
            .orElseGet(() -> startConversation(channel, contactId, now));
    Conversation conversation = owned.conversation();
    Message message;
    try {
      message =
          messages.insertInbound(
              channel.companyId(),
              conversation.id(),
              channel.id(),
              request.channelMessageId(),
              request.text(),
              now);
    } catch (DuplicateKeyException e) {
      // A concurrent retry of the same provider message committed first.
      throw new AlreadyDelivered(
          messages
              .conversationOfDelivered(channel.id(), request.channelMessageId())
              .orElseThrow(() -> e));
    }
    outbox.append(
        Topics.MESSAGE_RECEIVED,
        conversation.id(),
        MessageReceived.TYPE,
        correlationId,
        MessageReceived.of(
            now,
            channel.companyId(),
            conversation.id(),
            message.id(),
            channel.id(),
            contactId,
            conversation.ownerId(),
            owned.aiOwned(),
            request.text()));
    return new Outcome(conversation, false);
  }

  private Channel channelOf(long companyId, long channelId) {
    return directory
        .findChannel(companyId, channelId)
        .orElseThrow(
            () ->
                new ResourceNotFoundException(
                    directory.companyExists(companyId)
                        ? "Channel " + channelId + " not found for company " + companyId
                        : "Company " + companyId + " not found"));
  }

  private OwnedConversation startConversation(Channel channel, long contactId, Instant now) {
    User ai =
        directory
            .firstUserWithRole(channel.companyId(), User.AI)
            .orElseGet(() -> directory.createUser(channel.companyId(), "AI Assistant", User.AI));
    conversations.startFirst(channel.companyId(), channel.id(), contactId, ai.id(), now);
    // A concurrent first message may have started it; either way it is the one to continue.
    return conversations.lockLatest(channel.id(), contactId).orElseThrow();
  }

  /** Ends the transaction without a trace when the provider message is already stored. */
  private static final class AlreadyDelivered extends RuntimeException {
    private final long conversationId;

    AlreadyDelivered(long conversationId) {
      super(null, null, false, false);
      this.conversationId = conversationId;
    }
  }
}
