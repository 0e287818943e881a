package com.omnichannel.api.conversation;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.User;
import com.omnichannel.api.conversation.ConversationRepository.OwnedConversation;
import com.omnichannel.api.outbox.OutboxWriter;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.contracts.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;

/** The inbound write of {@link Conversations}, run inside its transaction. */
@Component
class InboundMessages {

  private final ContactRepository contacts;
  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final CompanyDirectory directory;
  private final OutboxWriter outbox;
  private final ChangeLog changes;

  InboundMessages(
      ContactRepository contacts,
      ConversationRepository conversations,
      MessageRepository messages,
      CompanyDirectory directory,
      OutboxWriter outbox,
      ChangeLog changes) {
    this.changes = changes;
    this.contacts = contacts;
    this.conversations = conversations;
    this.messages = messages;
    this.directory = directory;
    this.outbox = outbox;
  }

  /**
   * Stores the message in the caller's transaction. A retry of a stored provider message is told by
   * its result, and marks the transaction rollback-only, so that nothing it did stays.
   */
  InboundResult append(
      TransactionStatus transaction,
      Channel channel,
      InboundMessage inbound,
      String correlationId,
      Instant now) {
    List<OutboxWriter.Row> events = new ArrayList<>(1);
    InboundResult result =
        append(
            transaction, channel, inbound, contactOf(channel, inbound), correlationId, now, events);
    outbox.appendAll(events);
    return result;
  }

  /** The sender of the message, created if the company does not know it yet. */
  InboxEntry.Contact contactOf(Channel channel, InboundMessage inbound) {
    return contacts.findOrCreate(channel.companyId(), inbound.from(), inbound.contactName());
  }

  /**
   * {@link #append}, from {@code contact}, the message's sender; its {@link MessageReceived} is
   * added to {@code events}, for the caller to append (with those of the other messages of a
   * batch).
   */
  InboundResult append(
      TransactionStatus transaction,
      Channel channel,
      InboundMessage inbound,
      InboxEntry.Contact contact,
      String correlationId,
      Instant now,
      List<OutboxWriter.Row> events) {
    String channelMessageId = inbound.channelMessageId();
    String text = inbound.text();
    // No look-up of the provider id first: the unique key catches a retry at the insert below,
    // and the transaction then rolls back whatever it did; new messages save a round trip.
    long contactId = contact.id();
    OwnedConversation latest = conversations.lockLatest(channel.id(), contactId).orElse(null);
    // Started by this message when its insert made the row (a concurrent first message that
    // started it committed first, and this one continues it). Not told by the start time: two
    // transactions may read the clock in the same microsecond.
    boolean started = latest == null && start(channel, contactId, now);
    OwnedConversation owned =
        latest != null ? latest : conversations.lockLatest(channel.id(), contactId).orElseThrow();
    Conversation conversation = owned.conversation();
    Message message;
    try {
      message =
          messages.insertInbound(
              channel.companyId(), conversation.id(), channel.id(), inbound, now);
    } catch (DuplicateKeyException e) {
      // A retry of a provider message stored before, or a concurrent one that committed first.
      long stored =
          messages.conversationOfDelivered(channel.id(), channelMessageId).orElseThrow(() -> e);
      transaction.setRollbackOnly();
      return new InboundResult(
          conversations.find(channel.companyId(), stored).orElseThrow(() -> e), true);
    }
    conversations.inboundStored(conversation.id(), now);
    MessageReceived received =
        MessageReceived.of(
            now,
            channel.companyId(),
            conversation.id(),
            message.id(),
            channel.id(),
            contactId,
            conversation.ownerId(),
            owned.aiOwned(),
            text);
    if (owned.aiOwned()) {
      received = withModelContext(received, started);
    }
    events.add(
        outbox.inCurrentTrace(
            Topics.MESSAGE_RECEIVED,
            conversation.id(),
            MessageReceived.TYPE,
            correlationId,
            received));
    Conversation stored = conversation.withInboundAt(now);
    // The entry as the inbox lists it, from what this transaction knows: no read on the webhook
    // path (this message is the latest).
    InboxEntry entry =
        InboxEntry.of(
            stored,
            owned.aiOwned(),
            contact,
            new InboxEntry.LastMessage(
                message.id(), message.sender(), message.content(), message.createdAt()));
    if (started) {
      changes.conversationCreated(entry);
    }
    changes.messageCreated(channel.companyId(), message);
    if (!started) {
      changes.conversationUpdated(entry);
    }
    return new InboundResult(stored, false);
  }

  /**
   * Adds what a model answers from: the company's assistant and the conversation's earlier
   * messages. Only the AI answers, so a human-owned conversation's event goes without; a
   * conversation this message started has no earlier messages to read.
   */
  private MessageReceived withModelContext(MessageReceived received, boolean started) {
    CompanyDirectory.Assistant assistant =
        directory.assistantOf(received.companyId()).orElseThrow();
    return received.withContext(
        assistant.companyName(),
        assistant.instructions(),
        started
            ? List.of()
            : messages.turnsBefore(received.conversationId(), received.messageId()));
  }

  /**
   * Starts the contact's first conversation on the channel; false when a concurrent first message
   * started it. Either way it is the one to continue.
   */
  private boolean start(Channel channel, long contactId, Instant now) {
    User ai = directory.firstOrCreateAi(channel.companyId());
    return conversations.startFirst(channel.companyId(), channel.id(), contactId, ai.id(), now);
  }
}
