package com.omnichannel.api.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.company.CompanyProvisioning;
import com.omnichannel.api.company.Provider;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.conversation.Message;
import com.omnichannel.api.intake.IntakePressure;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.ProviderCredentials;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.testing.TestSecrets;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery through real providers' APIs: the API renders each provider's own request and seals its
 * credentials for the gateway, so no token is in a Kafka record in clear; and a provider's status
 * that comes before the send's report waits for it instead of being lost.
 */
@ApiIntegrationTest(properties = "omni.providers.public-base-url=https://chat.example.com/")
class ProviderDeliveriesTest {

  static final long ACME = 1;
  static final long ALICE_AGENT = 2;

  @Autowired Conversations conversations;
  @Autowired Deliveries deliveries;
  @Autowired CompanyProvisioning provisioning;
  @Autowired JdbcClient jdbc;
  @Autowired EventJson eventJson;
  @Autowired JsonMapper json;
  @Autowired TransactionTemplate transaction;
  @Autowired IntakePressure pressure;
  @Autowired MeterRegistry meters;

  @Autowired
  @Qualifier("intakePool")
  HikariDataSource intakePool;

  record Fixture(long channelId, long conversationId) {}

  /** A conversation on a new channel of {@code provider}, with a contact at {@code address}. */
  Fixture conversation(
      Provider provider, String type, Map<String, Object> config, String phone, String chat) {
    long channel =
        provisioning.createChannel(ACME, "provider test", type, null, provider, config).id();
    return transaction.execute(tx -> conversationOn(channel, phone, chat));
  }

  private Fixture conversationOn(long channel, String phone, String chat) {
    jdbc.sql(
            "INSERT INTO contacts (company_id, name, phone, telegram_chat_id) VALUES (1, 'C', ?, ?)")
        .params(phone, chat)
        .update();
    long contact =
        jdbc.sql(
                "SELECT id FROM contacts WHERE company_id = 1 AND (phone = ? OR telegram_chat_id = ?)")
            .params(phone, chat)
            .query(Long.class)
            .single();
    jdbc.sql(
            "INSERT INTO conversations (company_id, channel_id, contact_id, owner_id) VALUES (1, ?, ?, ?)")
        .params(channel, contact, ALICE_AGENT)
        .update();
    long conversation =
        jdbc.sql("SELECT id FROM conversations WHERE contact_id = ?")
            .param(contact)
            .query(Long.class)
            .single();
    return new Fixture(channel, conversation);
  }

  static String phone() {
    return "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
  }

  OutboundMessageRequested requestOf(Fixture fixture, Message message) {
    String payload =
        jdbc.sql("SELECT payload FROM outbox WHERE topic = ? AND event_key = ? ORDER BY id")
            .params(Topics.OUTBOUND_MESSAGE, Long.toString(fixture.conversationId()))
            .query(String.class)
            .list()
            .get(0);
    assertThat(payload).as("the record in clear").doesNotContain("secret-token-value");
    OutboundMessageRequested request =
        eventJson.read(payload.getBytes(StandardCharsets.UTF_8), OutboundMessageRequested.class);
    assertThat(request.messageId()).isEqualTo(message.id());
    return request;
  }

  ProviderCredentials credentials(OutboundMessageRequested request) {
    return json.readValue(
        TestSecrets.BOX.open(
            request.sealedCredentials(), ProviderCredentials.context(request.messageId())),
        ProviderCredentials.class);
  }

  @Test
  void aWhatsAppMessageIsMetasSendWithTheTokenSealed() {
    String phone = phone();
    Fixture fixture =
        conversation(
            Provider.WHATSAPP_CLOUD,
            "whatsapp",
            Map.of(
                "phone_number_id", "1065403522",
                "access_token", "secret-token-value",
                "app_secret", "a",
                "verify_token", "v",
                "api_base_url", "https://203.0.113.10/v23.0"),
            phone,
            null);

    Message sent = conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, "Hi");
    OutboundMessageRequested request = requestOf(fixture, sent);

    assertThat(request.provider()).isEqualTo("whatsapp_cloud");
    assertThat(request.outboundUrl()).isEqualTo("https://203.0.113.10/v23.0/1065403522/messages");
    assertThat(request.signature()).isNull();
    assertThat(json.readTree(request.body()))
        .isEqualTo(
            json.readTree(
                """
                {"messaging_product": "whatsapp", "recipient_type": "individual",
                 "to": "%s", "type": "text", "text": {"body": "Hi"}}
                """
                    .formatted(phone.substring(1))));
    assertThat(credentials(request))
        .isEqualTo(new ProviderCredentials("Bearer secret-token-value", null));
  }

  @Test
  void aTwilioMessageIsAFormWithBasicAuthAndAStatusCallback() {
    String phone = phone();
    Fixture fixture =
        conversation(
            Provider.TWILIO,
            "sms",
            Map.of(
                "account_sid", "AC0123456789abcdef0123456789abcdef",
                "auth_token", "secret-token-value",
                "from", "+15005550006",
                "api_base_url", "https://203.0.113.10"),
            phone,
            null);

    Message sent =
        conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, "Hi & bye");
    OutboundMessageRequested request = requestOf(fixture, sent);

    assertThat(request.outboundUrl())
        .isEqualTo(
            "https://203.0.113.10/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
    assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.body())
        .isEqualTo(
            "To=%2B"
                + phone.substring(1)
                + "&From=%2B15005550006&Body=Hi+%26+bye&StatusCallback="
                + "https%3A%2F%2Fchat.example.com%2Fwebhooks%2Ftwilio%2F"
                + fixture.channelId()
                + "%2Fstatus");
    assertThat(credentials(request).authorization())
        .isEqualTo(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        "AC0123456789abcdef0123456789abcdef:secret-token-value"
                            .getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aTelegramMessageGoesToTheSealedUrlAndEndsSent() {
    String chat = Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2));
    Fixture fixture =
        conversation(
            Provider.TELEGRAM,
            "telegram",
            Map.of(
                "bot_token", "4242:secret-token-value",
                "secret_token", "s",
                "api_base_url", "https://203.0.113.10"),
            null,
            chat);

    Message sent = conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, "Hi");
    OutboundMessageRequested request = requestOf(fixture, sent);
    deliveries.recordAttempts(
        List.of(
            TestEvent.answering(request)
                .providerAnswered(200, "77", null)
                .deliveryAttempted(DeliveryOutcome.SENT)));

    assertThat(request.outboundUrl()).isEqualTo("https://203.0.113.10/bot***/sendMessage");
    assertThat(json.readTree(request.body()).get("chat_id").asLong())
        .isEqualTo(Long.parseLong(chat));
    assertThat(credentials(request))
        .isEqualTo(
            new ProviderCredentials(
                null, "https://203.0.113.10/bot4242:secret-token-value/sendMessage"));
    Message stored = conversations.message(sent.id());
    assertThat(stored.deliveryStatus()).isEqualTo(DeliveryStatus.SENT);
    assertThat(stored.providerMessageId()).isEqualTo("77");
  }

  @Test
  void aSendsReportIsStoredAtOnceWhileIntakeIsUnderPressure() throws SQLException {
    Fixture fixture = whatsAppConversation();
    Message sent = conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, "Hi");
    String wamid = "wamid.Pressure" + System.nanoTime();
    List<Connection> held = new ArrayList<>();
    try {
      while (!pressure.underPressure()) {
        held.add(intakePool.getConnection());
      }
      double yieldsBefore = yields();

      deliveries.recordAttempts(
          List.of(
              TestEvent.answering(requestOf(fixture, sent))
                  .providerAnswered(200, wamid, null)
                  .deliveryAttempted(DeliveryOutcome.SENT)));

      // A report held back would turn each status of its message into an early one.
      assertThat(yields()).as("the report did not wait for intake").isEqualTo(yieldsBefore);
      assertThat(conversations.message(sent.id()).deliveryStatus()).isEqualTo(DeliveryStatus.SENT);
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
  }

  private double yields() {
    return meters.get("omni.intake.background_yield").timer().count();
  }

  @Test
  void aStatusThatComesBeforeTheSendsReportWaitsForItAndTheReportAppliesIt() {
    Fixture fixture = whatsAppConversation();
    Message sent = conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, "Hi");
    OutboundMessageRequested request = requestOf(fixture, sent);
    String wamid = "wamid.Early" + System.nanoTime();

    boolean found =
        deliveries.recordProviderStatusById(
            ACME, fixture.channelId(), wamid, DeliveryStatus.DELIVERED, null);
    assertThat(parked(wamid)).isOne();
    deliveries.recordAttempts(
        List.of(
            TestEvent.answering(request)
                .providerAnswered(200, wamid, null)
                .deliveryAttempted(DeliveryOutcome.SENT)));

    assertThat(found).isFalse();
    assertThat(conversations.message(sent.id()).deliveryStatus())
        .isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(parked(wamid)).isZero();
  }

  @Test
  void aStatusThatRacedTheReportIsAppliedByTheSweeper() {
    Fixture fixture = whatsAppConversation();
    Message sent = conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, "Hi");
    String wamid = "wamid.Raced" + System.nanoTime();
    deliveries.recordAttempts(
        List.of(
            TestEvent.answering(requestOf(fixture, sent))
                .providerAnswered(200, wamid, null)
                .deliveryAttempted(DeliveryOutcome.SENT)));
    // Parked just as the report committed: the report did not see it, so it still waits.
    transaction.executeWithoutResult(
        tx ->
            jdbc.sql(
                    """
                    INSERT INTO early_provider_statuses
                           (company_id, channel_id, provider_message_id, status, received_at)
                    VALUES (1, ?, ?, 'read', ?)
                    """)
                .params(
                    fixture.channelId(),
                    wamid,
                    java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(5)))
                .update());

    deliveries.applyEarlyStatuses(100, Duration.ofDays(1));

    assertThat(conversations.message(sent.id()).deliveryStatus()).isEqualTo(DeliveryStatus.READ);
    assertThat(parked(wamid)).isZero();
  }

  Fixture whatsAppConversation() {
    return conversation(
        Provider.WHATSAPP_CLOUD,
        "whatsapp",
        Map.of(
            "phone_number_id", "1065403522",
            "access_token", "t",
            "app_secret", "a",
            "verify_token", "v",
            "api_base_url", "https://203.0.113.10/v23.0"),
        phone(),
        null);
  }

  @Test
  void anEarlyStatusOfAnotherChannelIsNotAppliedAndOneThatNeverMatchesIsDroppedAfterADay() {
    Fixture fixture = whatsAppConversation();
    Message sent = conversations.postFromAgent(ACME, fixture.conversationId(), ALICE_AGENT, "Hi");
    OutboundMessageRequested request = requestOf(fixture, sent);
    String wamid = "wamid.Other" + System.nanoTime();
    String stale = "wamid.Stale" + System.nanoTime();
    // Signed on channel 3 (Acme's too) with the wamid of this channel's message.
    deliveries.recordProviderStatusById(ACME, 3, wamid, DeliveryStatus.READ, null);
    deliveries.recordProviderStatusById(
        ACME, fixture.channelId(), stale, DeliveryStatus.DELIVERED, null);
    // Old enough for the sweeper to look at it, which must not take it for this channel's.
    transaction.executeWithoutResult(
        tx ->
            jdbc.sql(
                    "UPDATE early_provider_statuses SET received_at = ? WHERE provider_message_id = ?")
                .params(java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(5)), wamid)
                .update());
    transaction.executeWithoutResult(
        tx ->
            jdbc.sql(
                    "UPDATE early_provider_statuses SET received_at = ? WHERE provider_message_id = ?")
                .params(
                    java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofDays(2))),
                    stale)
                .update());
    deliveries.recordAttempts(
        List.of(
            TestEvent.answering(request)
                .providerAnswered(200, wamid, null)
                .deliveryAttempted(DeliveryOutcome.SENT)));

    deliveries.applyEarlyStatuses(100, Duration.ofDays(1));

    assertThat(conversations.message(sent.id()).deliveryStatus()).isEqualTo(DeliveryStatus.SENT);
    assertThat(parked(wamid)).isOne();
    assertThat(parked(stale)).isZero();
  }

  int parked(String providerMessageId) {
    return jdbc.sql("SELECT COUNT(*) FROM early_provider_statuses WHERE provider_message_id = ?")
        .param(providerMessageId)
        .query(Integer.class)
        .single();
  }
}
