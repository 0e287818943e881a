package com.omnichannel.api.conversation;

import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.contracts.ConversationChanged;
import com.omnichannel.contracts.Topics;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collects what a transaction of {@link Conversations} changed, for agents' event streams, and
 * appends it to the outbox just before the transaction commits: one {@link ConversationChanged} per
 * conversation, in the order of the changes. A change may carry its data, or name the conversation
 * or message, which is then read once for all of them, as the transaction leaves it.
 */
@Component
class ChangeLog {

  private final OutboxWriter outbox;
  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final JsonMapper json;
  private final Clock clock;

  ChangeLog(
      OutboxWriter outbox,
      ConversationRepository conversations,
      MessageRepository messages,
      JsonMapper json,
      Clock clock) {
    this.outbox = outbox;
    this.conversations = conversations;
    this.messages = messages;
    this.json = json;
    this.clock = clock;
  }

  /** A change; {@code data} is the conversation or message, or null to read it at commit. */
  private record Pending(
      long companyId, long conversationId, String type, Long messageId, Object data) {}

  /** The conversation was started, as {@code entry} shows it. */
  void conversationCreated(InboxEntry entry) {
    add(
        new Pending(
            entry.companyId(), entry.id(), ConversationChanged.CONVERSATION_CREATED, null, entry));
  }

  /** The conversation changed, as {@code entry} shows it (the writer knows all of it). */
  void conversationUpdated(InboxEntry entry) {
    add(
        new Pending(
            entry.companyId(), entry.id(), ConversationChanged.CONVERSATION_UPDATED, null, entry));
  }

  /**
   * The conversation changed; it is read as the transaction leaves it, so a transaction that says
   * so twice announces it once, in the later place (as every change read at commit).
   */
  void conversationUpdated(long companyId, long conversationId) {
    add(
        new Pending(
            companyId, conversationId, ConversationChanged.CONVERSATION_UPDATED, null, null));
  }

  void messageCreated(long companyId, Message message) {
    add(
        new Pending(
            companyId,
            message.conversationId(),
            ConversationChanged.MESSAGE_CREATED,
            message.id(),
            message));
  }

  /** A message's delivery status changed; it is read as the transaction leaves it. */
  void messageUpdated(long companyId, long conversationId, long messageId) {
    add(
        new Pending(
            companyId, conversationId, ConversationChanged.MESSAGE_UPDATED, messageId, null));
  }

  private void add(Pending change) {
    Batch batch = (Batch) TransactionSynchronizationManager.getResource(this);
    if (batch == null) {
      batch = new Batch();
      TransactionSynchronizationManager.bindResource(this, batch);
      TransactionSynchronizationManager.registerSynchronization(batch);
    }
    batch.changes.add(change);
  }

  /** The changes of one transaction. */
  private final class Batch implements TransactionSynchronization {

    final List<Pending> changes = new ArrayList<>();

    @Override
    public void beforeCommit(boolean readOnly) {
      Map<Long, InboxEntry> conversations = readConversations();
      Map<Long, Message> stored = readMessages();
      Map<Long, List<ConversationChanged.Change>> byConversation = new LinkedHashMap<>();
      Map<Long, Long> companies = new LinkedHashMap<>();
      // A change read at commit that the transaction repeats shows the same data each time: only
      // its last place counts.
      Map<Pending, Integer> lastPlace = new HashMap<>();
      for (int i = 0; i < changes.size(); i++) {
        if (changes.get(i).data() == null) {
          lastPlace.put(changes.get(i), i);
        }
      }
      for (int i = 0; i < changes.size(); i++) {
        Pending change = changes.get(i);
        if (change.data() == null && lastPlace.get(change) != i) {
          continue;
        }
        Object data = change.data();
        if (data == null) {
          data =
              change.messageId() == null
                  ? conversations.get(change.conversationId())
                  : stored.get(change.messageId());
        }
        if (data == null) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> asMap = json.convertValue(data, Map.class);
        byConversation
            .computeIfAbsent(change.conversationId(), id -> new ArrayList<>())
            .add(new ConversationChanged.Change(change.type(), asMap));
        companies.put(change.conversationId(), change.companyId());
      }
      var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      List<OutboxWriter.Row> rows = new ArrayList<>();
      byConversation.forEach(
          (conversationId, all) -> {
            long companyId = companies.get(conversationId);
            for (int from = 0; from < all.size(); from += ConversationChanged.MAX_CHANGES) {
              var chunk =
                  all.subList(from, Math.min(all.size(), from + ConversationChanged.MAX_CHANGES));
              rows.add(
                  new OutboxWriter.Row(
                      Topics.CONVERSATION_EVENTS,
                      companyId,
                      ConversationChanged.TYPE,
                      "conversation-" + conversationId,
                      ConversationChanged.of(now, companyId, conversationId, chunk)));
            }
          });
      outbox.appendAll(rows);
    }

    private Map<Long, InboxEntry> readConversations() {
      Set<Long> ids = new LinkedHashSet<>();
      changes.stream()
          .filter(change -> change.data() == null && change.messageId() == null)
          .forEach(change -> ids.add(change.conversationId()));
      return ids.isEmpty()
          ? Map.of()
          : conversations.entries(ids).stream()
              .collect(Collectors.toMap(InboxEntry::id, Function.identity()));
    }

    private Map<Long, Message> readMessages() {
      Set<Long> ids = new LinkedHashSet<>();
      changes.stream()
          .filter(change -> change.data() == null && change.messageId() != null)
          .forEach(change -> ids.add(change.messageId()));
      return ids.isEmpty()
          ? Map.of()
          : messages.findAll(ids).stream()
              .collect(Collectors.toMap(Message::id, Function.identity()));
    }

    @Override
    public void afterCompletion(int status) {
      TransactionSynchronizationManager.unbindResourceIfPossible(ChangeLog.this);
    }
  }
}
