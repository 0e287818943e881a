package com.omnichannel.api.reply;

import com.omnichannel.api.conversation.ConversationRepository;
import com.omnichannel.api.conversation.ConversationRepository.Ownership;
import com.omnichannel.api.conversation.MessageRepository;
import com.omnichannel.api.conversation.MessageRepository.AiReply;
import com.omnichannel.contracts.AiReplyGenerated;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores AI replies, at most one per inbound message, and only while the AI owns the conversation.
 * The conversations' row locks order this against transfers. A batch of replies is one transaction
 * of a few statements.
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

  /** Decides and stores a batch; the outcomes are in the order of {@code replies}. */
  @Transactional
  public List<Outcome> persistAll(List<AiReplyGenerated> replies) {
    if (replies.isEmpty()) {
      return List.of();
    }
    Map<Long, Ownership> owners =
        conversations.lockOwners(
            replies.stream().map(AiReplyGenerated::conversationId).distinct().toList());
    Set<Long> answered =
        new HashSet<>(
            messages.alreadyAnswered(replies.stream().map(AiReplyGenerated::inReplyTo).toList()));
    List<Outcome> outcomes = new ArrayList<>(replies.size());
    List<AiReply> toStore = new ArrayList<>();
    for (AiReplyGenerated reply : replies) {
      Outcome outcome = decide(reply, owners.get(reply.conversationId()), answered);
      if (outcome == Outcome.STORED) {
        Ownership owner = owners.get(reply.conversationId());
        toStore.add(
            new AiReply(
                reply.companyId(),
                reply.conversationId(),
                owner.ownerId(),
                reply.inReplyTo(),
                reply.text()));
        answered.add(reply.inReplyTo());
      }
      outcomes.add(outcome);
    }
    if (!toStore.isEmpty()) {
      messages.insertAiReplies(toStore, clock.instant().truncatedTo(ChronoUnit.MICROS));
    }
    count(outcomes);
    return outcomes;
  }

  private static Outcome decide(AiReplyGenerated reply, Ownership owner, Set<Long> answered) {
    if (owner == null || owner.companyId() != reply.companyId()) {
      log.warn(
          "Dropped AI reply to message {}: conversation {} of company {} does not exist",
          reply.inReplyTo(),
          reply.conversationId(),
          reply.companyId());
      return Outcome.DROPPED_UNKNOWN_CONVERSATION;
    }
    if (!owner.aiOwned()) {
      log.info(
          "Dropped late AI reply to message {}: conversation {} is now owned by user {}",
          reply.inReplyTo(),
          reply.conversationId(),
          owner.ownerId());
      return Outcome.DROPPED_HUMAN_OWNER;
    }
    if (answered.contains(reply.inReplyTo())) {
      log.debug("AI reply to message {} was already stored", reply.inReplyTo());
      return Outcome.DUPLICATE;
    }
    return Outcome.STORED;
  }

  private void count(List<Outcome> outcomes) {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    outcomes.forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
    counts.forEach(
        (outcome, n) -> meters.counter("omni.ai_replies", "outcome", outcome.tag()).increment(n));
  }
}
