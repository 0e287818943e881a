package com.omnichannel.api.conversation;

import com.omnichannel.api.conversation.ConversationRepository.Ownership;
import com.omnichannel.api.conversation.Conversations.ReplyOutcome;
import com.omnichannel.api.conversation.MessageRepository.AiReply;
import com.omnichannel.contracts.AiReplyGenerated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The AI-reply write of {@link Conversations}, run inside its transaction: a batch of replies is a
 * few statements. The conversations' row locks, taken in id order, order it against transfers.
 */
@Component
class AiReplies {

  private static final Logger log = LoggerFactory.getLogger(AiReplies.class);

  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final ApplicationEventPublisher events;

  AiReplies(
      ConversationRepository conversations,
      MessageRepository messages,
      ApplicationEventPublisher events) {
    this.conversations = conversations;
    this.messages = messages;
    this.events = events;
  }

  List<ReplyOutcome> append(List<AiReplyGenerated> replies, Instant now) {
    if (replies.isEmpty()) {
      return List.of();
    }
    Map<Long, Ownership> owners =
        conversations.lockOwners(
            replies.stream().map(AiReplyGenerated::conversationId).distinct().toList());
    Set<Long> answered =
        new HashSet<>(
            messages.alreadyAnswered(replies.stream().map(AiReplyGenerated::inReplyTo).toList()));
    List<ReplyOutcome> outcomes = new ArrayList<>(replies.size());
    List<AiReply> toStore = new ArrayList<>();
    Set<Long> touched = new LinkedHashSet<>();
    for (AiReplyGenerated reply : replies) {
      Ownership owner = owners.get(reply.conversationId());
      ReplyOutcome outcome = decide(reply, owner, answered);
      if (outcome == ReplyOutcome.STORED) {
        toStore.add(
            new AiReply(
                reply.companyId(),
                reply.conversationId(),
                owner.ownerId(),
                reply.inReplyTo(),
                reply.text()));
        answered.add(reply.inReplyTo());
        touched.add(reply.conversationId());
      }
      outcomes.add(outcome);
    }
    if (!toStore.isEmpty()) {
      messages.insertAiReplies(toStore, now);
      conversations.messagesStored(touched, now);
      // The replies are due for delivery at once; the scheduler requests them after commit, each
      // in a short transaction of its own, so this batch holds its conversations' locks no
      // longer than its few statements take.
      events.publishEvent(new DeliveriesDue());
    }
    return outcomes;
  }

  private static ReplyOutcome decide(AiReplyGenerated reply, Ownership owner, Set<Long> answered) {
    if (owner == null || owner.companyId() != reply.companyId()) {
      log.warn(
          "Dropped AI reply to message {}: conversation {} of company {} does not exist",
          reply.inReplyTo(),
          reply.conversationId(),
          reply.companyId());
      return ReplyOutcome.DROPPED_UNKNOWN_CONVERSATION;
    }
    if (!owner.aiOwned()) {
      log.info(
          "Dropped late AI reply to message {}: conversation {} is now owned by user {}",
          reply.inReplyTo(),
          reply.conversationId(),
          owner.ownerId());
      return ReplyOutcome.DROPPED_HUMAN_OWNER;
    }
    if (answered.contains(reply.inReplyTo())) {
      log.debug("AI reply to message {} was already stored", reply.inReplyTo());
      return ReplyOutcome.DUPLICATE;
    }
    return ReplyOutcome.STORED;
  }
}
