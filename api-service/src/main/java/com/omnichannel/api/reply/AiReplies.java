package com.omnichannel.api.reply;

import com.omnichannel.api.conversation.AiReply;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.Ownership;
import com.omnichannel.api.conversation.Question;
import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.AiWorkerEvent;
import com.omnichannel.contracts.HandoffRequested;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * When an AI reply is stored and when it is dropped. The worker replies only while the AI owned the
 * conversation when the message arrived; here a reply is stored only if the AI still owns the
 * conversation, at most one per inbound message, only in the company and conversation of the
 * message it answers (a reply that names another is dropped), and a hand-off the AI asked for gives
 * the conversation to the company's first agent. A batch of replies and hand-offs is one
 * transaction of a few statements, through the conversations' door; the conversations' row locks,
 * taken in id order, order it against transfers.
 */
@Service
public class AiReplies {

  private static final Logger log = LoggerFactory.getLogger(AiReplies.class);

  private final Conversations conversations;
  private final Timer latency;

  AiReplies(Conversations conversations, MeterRegistry meters) {
    this.latency =
        Timer.builder("omni.ai_reply.latency")
            .description("From an inbound message being stored to the AI's reply being stored")
            .register(meters);
    this.conversations = conversations;
  }

  /**
   * Applies the worker's events in their order: a hand-off makes the conversation human-owned, so a
   * reply after it in the same batch is dropped like any late reply. Each reply keeps the trace it
   * came with ({@code traceByInbound}, by the inbound message it answers; none if absent), which
   * its delivery goes on with.
   *
   * @return the outcomes, in the order of {@code batch}
   */
  @Transactional
  public List<ReplyOutcome> store(
      List<? extends AiWorkerEvent> batch, Map<Long, String> traceByInbound) {
    if (batch.isEmpty()) {
      return List.of();
    }
    Map<Long, Ownership> owners =
        conversations.lockOwners(
            batch.stream().map(AiWorkerEvent::conversationId).distinct().toList());
    Map<Long, Question> questions =
        conversations.questions(
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
    for (AiWorkerEvent event : batch) {
      Ownership owner = owners.get(event.conversationId());
      ReplyOutcome outcome = decide(event, owner, questions, answered);
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
      } else if (outcome == ReplyOutcome.HANDED_OFF) {
        Ownership handed = conversations.handToAgent(event.conversationId(), owner);
        owners.put(event.conversationId(), handed);
        log.info(
            "AI handed conversation {} to agent {}: {}",
            event.conversationId(),
            handed.ownerId(),
            ((HandoffRequested) event).reason());
      }
      outcomes.add(outcome);
    }
    if (!toStore.isEmpty()) {
      Instant storedAt = conversations.appendAiReplies(toStore, owners);
      for (AiReply reply : toStore) {
        latency.record(Duration.between(questions.get(reply.inReplyTo()).storedAt(), storedAt));
      }
    }
    return outcomes;
  }

  private static ReplyOutcome decide(
      AiWorkerEvent reply, Ownership owner, Map<Long, Question> questions, Set<Long> answered) {
    if (owner == null || owner.companyId() != reply.companyId()) {
      log.warn(
          "Dropped AI event on message {}: conversation {} of company {} does not exist",
          reply.inReplyTo(),
          reply.conversationId(),
          reply.companyId());
      return ReplyOutcome.DROPPED_UNKNOWN_CONVERSATION;
    }
    if (reply instanceof AiReplyGenerated && !answersItsOwnConversation(reply, questions)) {
      return ReplyOutcome.DROPPED_MISMATCHED_QUESTION;
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

  /**
   * Whether the message the reply answers is in the company and conversation the reply names: a
   * reply is never appended to another conversation or tenant than its question's. Logged without
   * the text. A message that does not exist is left to the database to refuse (the reply is then
   * retried and dead-lettered, as any reply that cannot be stored).
   */
  private static boolean answersItsOwnConversation(
      AiWorkerEvent reply, Map<Long, Question> questions) {
    Question question = questions.get(reply.inReplyTo());
    if (question == null
        || (question.companyId() == reply.companyId()
            && question.conversationId() == reply.conversationId())) {
      return true;
    }
    log.warn(
        "Dropped AI reply to message {}: it names conversation {} of company {}, the message is in"
            + " conversation {} of company {}",
        reply.inReplyTo(),
        reply.conversationId(),
        reply.companyId(),
        question.conversationId(),
        question.companyId());
    return false;
  }
}
