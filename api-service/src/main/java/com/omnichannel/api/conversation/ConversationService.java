package com.omnichannel.api.conversation;

import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.User;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading conversations, agents' messages and ownership transfers. */
@Service
class ConversationService {

  static final String DEFAULT_AGENT_NAME = "Default Agent";
  static final String DEFAULT_AI_NAME = "AI Assistant";

  private final ConversationRepository conversations;
  private final MessageRepository messages;
  private final CompanyDirectory directory;
  private final JdbcClient jdbc;
  private final Clock clock;

  ConversationService(
      ConversationRepository conversations,
      MessageRepository messages,
      CompanyDirectory directory,
      JdbcClient jdbc,
      Clock clock) {
    this.conversations = conversations;
    this.messages = messages;
    this.directory = directory;
    this.jdbc = jdbc;
    this.clock = clock;
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

  @Transactional
  public Message postFromAgent(long companyId, long conversationId, long authorId, String text) {
    Conversation conversation = get(companyId, conversationId);
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
    conversations.touch(conversationId, now);
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
            ? firstOrCreate(conversation.companyId(), User.AGENT, DEFAULT_AGENT_NAME)
            : firstOrCreate(conversation.companyId(), User.AI, DEFAULT_AI_NAME);
    changeOwner(conversation, next);
    return next;
  }

  private User firstOrCreate(long companyId, String role, String name) {
    return directory
        .firstUserWithRole(companyId, role)
        .orElseGet(
            () -> {
              // The company row lock keeps concurrent toggles from creating two default users.
              jdbc.sql("SELECT id FROM companies WHERE id = ? FOR UPDATE")
                  .param(companyId)
                  .query(Long.class)
                  .single();
              return directory
                  .firstUserWithRole(companyId, role)
                  .orElseGet(() -> directory.createUser(companyId, name, role));
            });
  }

  private Conversation changeOwner(Conversation conversation, User owner) {
    Instant now = now();
    conversations.changeOwner(conversation.id(), owner.id(), now);
    return new Conversation(
        conversation.id(),
        conversation.companyId(),
        conversation.channelId(),
        conversation.contactId(),
        owner.id(),
        conversation.createdAt(),
        now);
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
