package com.omnichannel.simulator.whatsapp;

import com.omnichannel.simulator.account.Credentials;
import com.omnichannel.simulator.callback.Callback;
import com.omnichannel.simulator.callback.CallbackPoster;
import com.omnichannel.simulator.delivery.DeliveryLog;
import com.omnichannel.simulator.delivery.PhoneLog;
import com.omnichannel.simulator.delivery.Provider;
import com.omnichannel.simulator.delivery.Received;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WhatsApp Cloud API's send, {@code POST /whatsapp/{version}/{phone_number_id}/messages}: the
 * bearer token must be the number's access token. A send taken is answered as Meta answers it, and
 * its 'sent', 'delivered' and 'read' webhooks follow, a status delay apart.
 */
@RestController
class WhatsAppController {

  private final WhatsAppAccounts accounts;
  private final WhatsAppWebhooks webhooks;
  private final CallbackPoster poster;
  private final DeliveryLog deliveries;
  private final PhoneLog phone;
  private final JsonMapper json;
  private final Clock clock;

  WhatsAppController(
      WhatsAppAccounts accounts,
      WhatsAppWebhooks webhooks,
      CallbackPoster poster,
      DeliveryLog deliveries,
      PhoneLog phone,
      JsonMapper json,
      Clock clock) {
    this.accounts = accounts;
    this.webhooks = webhooks;
    this.poster = poster;
    this.deliveries = deliveries;
    this.phone = phone;
    this.json = json;
    this.clock = clock;
  }

  @PostMapping("/whatsapp/{version}/{phoneNumberId}/messages")
  ResponseEntity<Object> send(
      @PathVariable String phoneNumberId,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody(required = false) byte[] body) {
    Optional<WhatsAppAccounts.Account> found =
        accounts
            .byPhoneNumberId(phoneNumberId)
            .filter(account -> Credentials.match("Bearer " + account.accessToken(), authorization));
    if (found.isEmpty()) {
      return GraphError.invalidAccessToken();
    }
    WhatsAppAccounts.Account account = found.get();
    WhatsAppSend send;
    try {
      send = body == null ? null : json.readValue(body, WhatsAppSend.class);
    } catch (JacksonException e) {
      return GraphError.invalidParameter("The body is not the JSON of a message.");
    }
    String problem = send == null ? "The body is empty." : send.problem();
    if (problem != null) {
      return GraphError.invalidParameter(problem);
    }
    String waId = send.waId();
    String messageId = WhatsAppWebhooks.newMessageId(waId);
    String conversationId = WhatsAppWebhooks.newConversationId();
    Received received =
        Received.sent(
            Provider.WHATSAPP_CLOUD,
            account.channelId(),
            send.to(),
            send.text().body(),
            messageId,
            clock.instant());
    deliveries.record(received);
    // What the customer would see on their phone: the point of the demo.
    phone.shown("[whatsapp {}] {}", send.to(), send.text().body());
    poster.postInTurn(
        WhatsAppWebhooks.STATUSES.stream()
            .map(
                status ->
                    new Callback(
                        "WhatsApp '" + status + "' of " + messageId,
                        () -> webhooks.status(account, messageId, waId, conversationId, status),
                        () -> received.statusesPosted().add(status)))
            .toList());
    return ResponseEntity.ok(WhatsAppSend.Accepted.of(send.to(), waId, messageId));
  }
}
