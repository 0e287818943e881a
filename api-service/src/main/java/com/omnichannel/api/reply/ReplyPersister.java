package com.omnichannel.api.reply;

import com.omnichannel.api.company.User;
import com.omnichannel.api.conversation.ConversationRepository;
import com.omnichannel.api.conversation.MessageRepository;
import com.omnichannel.contracts.AiReplyGenerated;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores AI replies, at most one per inbound message, and only while the AI owns the conversation.
 * The conversation's row lock orders this against transfers.
 */
@Service
class ReplyPersister {

  /** What became of one reply event; counted as {@code omni.ai_replies{outcome=...}}. */
  enum Outcome {
    STORED,
    DUPLICATE,
    DROPPED_HUMAN_OWNER,
    DROPPED_UNKNOWN_CONVERSATION;

    String tag() {
      return name().toLowerCase();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ReplyPersister.class);

  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final MeterRegistry meters;
  private final Clock clock;

  ReplyPersister(
      ConversationRepository conversations,
      MessageRepository messages,
      MeterRegistry meters,
      Clock clock) {
    this.conversations = conversations;
    this.messages = messages;
    this.meters = meters;
    this.clock = clock;
  }

  @Transactional
  public Outcome persist(AiReplyGenerated reply) {
    Outcome outcome = decide(reply);
    meters.counter("omni.ai_replies", "outcome", outcome.tag()).increment();
    return outcome;
  }

  private Outcome decide(AiReplyGenerated reply) {
    Optional<User> owner = conversations.lockOwner(reply.companyId(), reply.conversationId());
    if (owner.isEmpty()) {
      log.warn(
          "Dropped AI reply to message {}: conversation {} of company {} does not exist",
          reply.inReplyTo(),
          reply.conversationId(),
          reply.companyId());
      return Outcome.DROPPED_UNKNOWN_CONVERSATION;
    }
    if (!owner.get().isAi()) {
      log.info(
          "Dropped late AI reply to message {}: conversation {} is now owned by user {}",
          reply.inReplyTo(),
          reply.conversationId(),
          owner.get().id());
      return Outcome.DROPPED_HUMAN_OWNER;
    }
    try {
      messages.insertAiReply(
          reply.companyId(),
          reply.conversationId(),
          owner.get().id(),
          reply.inReplyTo(),
          reply.text(),
          clock.instant().truncatedTo(ChronoUnit.MICROS));
    } catch (DuplicateKeyException e) {
      log.debug("AI reply to message {} was already stored", reply.inReplyTo());
      return Outcome.DUPLICATE;
    }
    conversations.touch(reply.conversationId(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    return Outcome.STORED;
  }
}
