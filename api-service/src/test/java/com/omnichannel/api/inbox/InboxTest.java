package com.omnichannel.api.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.TestConversations;
import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.Role;
import com.omnichannel.api.company.User;
import com.omnichannel.api.conversation.ContactAddress;
import com.omnichannel.api.conversation.Conversation;
import com.omnichannel.api.conversation.ConversationStatus;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.InboxEntry;
import com.omnichannel.api.conversation.OwnerType;
import com.omnichannel.api.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The inbox of a company of its own: order, paging, filters, and status. */
@ApiIntegrationTest
class InboxTest {

  static final InboxFilter ALL = new InboxFilter(null, null, null, null);

  @Autowired Inbox inbox;
  @Autowired Conversations conversations;
  @Autowired CompanyDirectory directory;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  Channel channel;
  final List<ContactAddress> contacts = new ArrayList<>();

  long message(int contact, String text) {
    return conversations
        .appendInbound(channel, contacts.get(contact), UUID.randomUUID().toString(), text, "t")
        .conversation()
        .id();
  }

  List<Long> ids(InboxFilter filter) {
    return inbox.list(channel.companyId(), filter, null, 100).entries().stream()
        .map(InboxEntry::id)
        .toList();
  }

  /** A company with one channel and five contacts, each with one conversation, oldest first. */
  List<Long> companyWithFiveConversations() {
    channel = newCompany();
    for (int i = 0; i < 5; i++) {
      contacts.add(
          new ContactAddress("+1777" + (1_000_000 + (int) (Math.random() * 8_999_999)), null));
    }
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(message(i, "hello " + i));
    }
    return ids;
  }

  @Test
  void mostRecentActivityComesFirstAndPagesNeitherRepeatNorSkip() {
    List<Long> c = companyWithFiveConversations();
    message(1, "again");

    List<Long> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      InboxPage page = inbox.list(channel.companyId(), ALL, cursor, 2);
      page.entries().forEach(entry -> seen.add(entry.id()));
      cursor = page.next();
      pages++;
    } while (cursor != null);

    assertThat(seen).containsExactly(c.get(1), c.get(4), c.get(3), c.get(2), c.get(0));
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void filtersByStatusOwnerTypeOwnerAndChannel() {
    List<Long> c = companyWithFiveConversations();
    User agent =
        transaction.execute(tx -> directory.createUser(channel.companyId(), "Ann", Role.AGENT));
    conversations.transfer(channel.companyId(), c.get(3), agent.id());
    conversations.changeStatus(channel.companyId(), c.get(2), ConversationStatus.RESOLVED);

    assertThat(ids(InboxFilter.parse("resolved", null, null, null))).containsExactly(c.get(2));
    assertThat(ids(InboxFilter.parse("open", null, null, null)))
        .containsExactly(c.get(4), c.get(3), c.get(1), c.get(0));
    assertThat(ids(InboxFilter.parse(null, "human", null, null))).containsExactly(c.get(3));
    assertThat(ids(InboxFilter.parse(null, "ai", null, null)))
        .containsExactly(c.get(4), c.get(2), c.get(1), c.get(0));
    assertThat(ids(InboxFilter.parse(null, null, agent.id(), null))).containsExactly(c.get(3));
    assertThat(ids(InboxFilter.parse(null, null, null, channel.id()))).hasSize(5);
    assertThat(ids(InboxFilter.parse(null, null, null, channel.id() + 100_000))).isEmpty();
    InboxEntry human =
        inbox
            .list(channel.companyId(), InboxFilter.parse(null, "human", null, null), null, 1)
            .entries()
            .get(0);
    assertThat(human.ownerType()).isEqualTo(OwnerType.HUMAN);
    assertThat(human.ownerId()).isEqualTo(agent.id());
    assertThat(human.lastMessageAt()).isNotNull();
  }

  @Test
  void aContactsMessageReopensAResolvedConversationAndKeepsItsOwner() {
    List<Long> c = companyWithFiveConversations();
    User agent =
        transaction.execute(tx -> directory.createUser(channel.companyId(), "Bo", Role.AGENT));
    conversations.transfer(channel.companyId(), c.get(0), agent.id());
    Conversation resolved =
        conversations.changeStatus(channel.companyId(), c.get(0), ConversationStatus.RESOLVED);
    assertThat(resolved.status()).isEqualTo(ConversationStatus.RESOLVED);

    message(0, "one more thing");

    Conversation reopened = conversations.get(channel.companyId(), c.get(0));
    assertThat(reopened.status()).isEqualTo(ConversationStatus.OPEN);
    assertThat(reopened.ownerId()).isEqualTo(agent.id());
  }

  @Test
  void anotherCompanysConversationsAreNotListedAndBadCursorsAreRefused() {
    companyWithFiveConversations();

    assertThat(inbox.list(1, ALL, null, 200).entries())
        .noneMatch(entry -> entry.companyId() == channel.companyId());
    assertThatThrownBy(() -> inbox.list(channel.companyId(), ALL, "bm90IGEgY3Vyc29y", 2))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> InboxFilter.parse("closed", null, null, null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> InboxFilter.parse(null, "robot", null, null))
        .isInstanceOf(InvalidRequestException.class);
  }

  /** The rows the session's statements read so far, as the server counts them. */
  long rowsRead() {
    return jdbc
        .sql("SHOW SESSION STATUS LIKE 'Handler_read%'")
        .query((rs, row) -> rs.getLong(2))
        .list()
        .stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  /**
   * Each entry's latest message and contact are read for the page's rows only, each by one index
   * step: a long conversation costs the page no more than a short one.
   */
  @Test
  void aLongConversationCostsThePageNoMoreThanAShortOne() {
    List<Long> c = companyWithFiveConversations();
    transaction.executeWithoutResult(
        tx -> {
          for (int i = 0; i < 400; i++) {
            jdbc.sql(
                    "INSERT INTO messages (company_id, conversation_id, sender, content)"
                        + " VALUES (?, ?, 'ai', ?)")
                .params(channel.companyId(), c.get(2), "answer " + i)
                .update();
          }
        });
    message(0, "latest");

    long read =
        transaction.execute(
            tx -> {
              long overhead = -rowsRead() + rowsRead();
              long before = rowsRead();
              List<InboxEntry> page = inbox.list(channel.companyId(), ALL, null, 200).entries();
              assertThat(page).hasSize(5);
              assertThat(page.get(0).lastMessage().text()).isEqualTo("latest");
              assertThat(page.get(0).contact().phone()).isEqualTo(contacts.get(0).phone());
              assertThat(page)
                  .filteredOn(entry -> entry.id() == c.get(2))
                  .singleElement()
                  .satisfies(
                      entry -> assertThat(entry.lastMessage().text()).isEqualTo("answer 399"));
              return rowsRead() - before - 2 * overhead;
            });
    // Five conversations, their owners, contacts and latest messages: a few dozen rows, where
    // reading the long conversation's messages would be hundreds.
    assertThat(read).isLessThan(100);
  }

  private Channel newCompany() {
    return new TestConversations(jdbc, transaction).companyWithChannel("whatsapp");
  }
}
