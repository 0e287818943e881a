package com.omnichannel.api.conversation;

import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.User;
import com.omnichannel.api.conversation.ConversationRepository.Ownership;
import com.omnichannel.api.conversation.Conversations.ReplyOutcome;
import com.omnichannel.api.conversation.MessageRepository.AiReply;
import com.omnichannel.api.conversation.MessageRepository.Question;
import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.AiWorkerEvent;
import com.omnichannel.contracts.HandoffRequested;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
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
 * The AI-reply write of {@link Conversations}, run inside its transaction: a batch of replies and
 * hand-offs is a few statements. The conversations' row locks, taken in id order, order it against
 * transfers.
 */
@Component
class AiReplies {

  private static final Logger log = LoggerFactory.getLogger(AiReplies.class);

  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final CompanyDirectory directory;
  private final ApplicationEventPublisher events;
  private final ChangeLog changes;
  private final Timer latency;

  AiReplies(
      ConversationRepository conversations,
      MessageRepository messages,
      CompanyDirectory directory,
      ApplicationEventPublisher events,
      ChangeLog changes,
      MeterRegistry meters) {
    this.changes = changes;
    this.latency =
        Timer.builder("omni.ai_reply.latency")
            .description("From an inbound message being stored to the AI's reply being stored")
            .register(meters);
    this.conversations = conversations;
    this.messages = messages;
    this.directory = directory;
    this.events = events;
  }

  /**
   * Applies the worker's events in their order: a hand-off makes the conversation human-owned, so a
   * reply after it in the same batch is dropped like any late reply.
   */
  List<ReplyOutcome> append(
      List<? extends AiWorkerEvent> batch, Map<Long, String> traceByInbound, Instant now) {
    if (batch.isEmpty()) {
      return List.of();
    }
    Map<Long, Ownership> owners =
        conversations.lockOwners(
            batch.stream().map(AiWorkerEvent::conversationId).distinct().toList());
    Map<Long, Question> questions =
        messages.questions(
            batch.stream()
                .filter(AiReplyGenerated.class::isInstance)
                .map(AiWorkerEvent::inReplyTo)
                .toList());
    Set<Long> answered = new HashSet<>();
    questions.forEach(
        (id, question) -> {
          if (question.answered()) {
            answered.add(id);
          }
        });
    List<ReplyOutcome> outcomes = new ArrayList<>(batch.size());
    List<AiReply> toStore = new ArrayList<>();
    Set<Long> touched = new LinkedHashSet<>();
    for (AiWorkerEvent event : batch) {
      Ownership owner = owners.get(event.conversationId());
      ReplyOutcome outcome = decide(event, owner, answered);
      if (outcome == ReplyOutcome.STORED) {
        toStore.add(
            new AiReply(
                event.companyId(),
                event.conversationId(),
                owner.ownerId(),
                event.inReplyTo(),
                ((AiReplyGenerated) event).text(),
                traceByInbound.get(event.inReplyTo())));
        answered.add(event.inReplyTo());
        touched.add(event.conversationId());
      } else if (outcome == ReplyOutcome.HANDED_OFF) {
        User agent =
            directory.firstOrCreateUser(
                owner.companyId(), User.AGENT, CompanyDirectory.DEFAULT_AGENT_NAME);
        conversations.changeOwner(event.conversationId(), agent.id(), now);
        owners.put(event.conversationId(), new Ownership(owner.companyId(), agent.id(), false));
        touched.add(event.conversationId());
        log.info(
            "AI handed conversation {} to agent {}: {}",
            event.conversationId(),
            agent.id(),
            ((HandoffRequested) event).reason());
      }
      outcomes.add(outcome);
    }
    if (!toStore.isEmpty()) {
      messages.insertAiReplies(toStore, now);
      for (AiReply reply : toStore) {
        latency.record(Duration.between(questions.get(reply.inReplyTo()).storedAt(), now));
      }
      conversations.messagesStored(
          toStore.stream().map(AiReply::conversationId).distinct().toList(), now);
      for (Message reply : messages.repliesTo(toStore.stream().map(AiReply::inReplyTo).toList())) {
        changes.messageCreated(owners.get(reply.conversationId()).companyId(), reply);
      }
      // The replies are due for delivery at once; the scheduler requests them after commit, each
      // in a short transaction of its own, so this batch holds its conversations' locks no
      // longer than its few statements take.
      events.publishEvent(new DeliveriesDue());
    }
    touched.forEach(id -> changes.conversationUpdated(owners.get(id).companyId(), id));
    return outcomes;
  }

  private static ReplyOutcome decide(AiWorkerEvent reply, Ownership owner, Set<Long> answered) {
    if (owner == null || owner.companyId() != reply.companyId()) {
      log.warn(
          "Dropped AI event on message {}: conversation {} of company {} does not exist",
          reply.inReplyTo(),
          reply.conversationId(),
          reply.companyId());
      return ReplyOutcome.DROPPED_UNKNOWN_CONVERSATION;
    }
    if (!owner.aiOwned()) {
      log.info(
          "Dropped late AI event on message {}: conversation {} is now owned by user {}",
          reply.inReplyTo(),
          reply.conversationId(),
          owner.ownerId());
      return ReplyOutcome.DROPPED_HUMAN_OWNER;
    }
    if (reply instanceof HandoffRequested) {
      return ReplyOutcome.HANDED_OFF;
    }
    if (answered.contains(reply.inReplyTo())) {
      log.debug("AI reply to message {} was already stored", reply.inReplyTo());
      return ReplyOutcome.DUPLICATE;
    }
    return ReplyOutcome.STORED;
  }
}
