package com.omnichannel.simulator.whatsapp;

import com.omnichannel.simulator.SimulatorProperties;
import com.omnichannel.simulator.callback.Webhook;
import com.omnichannel.simulator.delivery.Signature;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhooks Meta posts to the API for a WhatsApp number: the statuses of the business's messages
 * and the customers' messages, to {@code /webhooks/whatsapp/{channel_id}}, each signed with {@code
 * X-Hub-Signature-256} under the account's app secret.
 */
@Component
class WhatsAppWebhooks {

  /** The statuses Meta reports for a message that reaches a phone and is opened, in order. */
  static final List<String> STATUSES = List.of("sent", "delivered", "read");

  private static final Duration SERVICE_WINDOW = Duration.ofHours(24);

  private final String apiUrl;
  private final JsonMapper json;
  private final Clock clock;

  WhatsAppWebhooks(SimulatorProperties properties, JsonMapper json, Clock clock) {
    this.apiUrl = properties.apiUrl().toString().replaceAll("/+$", "");
    this.json = json;
    this.clock = clock;
  }

  /**
   * A new message id shaped like Meta's: {@code wamid.} and the base64 of a record holding the
   * customer's number and a random part.
   */
  static String newMessageId(String waId) {
    byte[] random = new byte[9];
    ThreadLocalRandom.current().nextBytes(random);
    var record = new ByteArrayOutputStream();
    record.writeBytes(new byte[] {0x1c, 0x18, (byte) waId.length()});
    record.writeBytes(waId.getBytes(StandardCharsets.US_ASCII));
    record.writeBytes(new byte[] {0x15, 0x02, 0x00, 0x11, 0x18, 0x12});
    record.writeBytes(
        HexFormat.of()
            .formatHex(random)
            .toUpperCase(Locale.ROOT)
            .getBytes(StandardCharsets.US_ASCII));
    record.write(0);
    return "wamid." + Base64.getEncoder().encodeToString(record.toByteArray());
  }

  /** A random id of the kind Meta gives conversations, 32 hex digits. */
  static String newConversationId() {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** The webhook of one status of a message sent to {@code waId}, as of now. */
  Webhook status(
      WhatsAppAccounts.Account account,
      String messageId,
      String waId,
      String conversationId,
      String status) {
    long now = clock.instant().getEpochSecond();
    boolean billed = !"read".equals(status);
    var conversation =
        new MetaWebhook.Conversation(
            conversationId,
            "sent".equals(status) ? String.valueOf(now + SERVICE_WINDOW.toSeconds()) : null,
            new MetaWebhook.Origin("service"));
    var entry =
        new MetaWebhook.Status(
            messageId,
            status,
            String.valueOf(now),
            waId,
            billed ? conversation : null,
            billed ? MetaWebhook.Pricing.SERVICE : null);
    return signed(account, MetaWebhook.Value.statuses(account, List.of(entry)));
  }

  /** The webhook of a text a customer writes to the account's number. */
  Webhook inbound(
      WhatsAppAccounts.Account account, String waId, String name, String messageId, String text) {
    var contact = new MetaWebhook.Contact(new MetaWebhook.Profile(name), waId);
    var message =
        new MetaWebhook.Message(
            waId,
            messageId,
            String.valueOf(clock.instant().getEpochSecond()),
            "text",
            new MetaWebhook.Text(text));
    return signed(account, MetaWebhook.Value.messages(account, List.of(contact), List.of(message)));
  }

  private Webhook signed(WhatsAppAccounts.Account account, MetaWebhook.Value value) {
    byte[] body = json.writeValueAsBytes(MetaWebhook.of(account, value));
    URI url = URI.create(apiUrl + "/webhooks/whatsapp/" + account.channelId());
    return Webhook.post(url, "application/json", body)
        .header(Signature.HEADER, Signature.of(account.appSecret(), body))
        .build();
  }
}
