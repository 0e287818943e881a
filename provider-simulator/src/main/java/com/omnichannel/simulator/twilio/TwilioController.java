package com.omnichannel.simulator.twilio;

import com.omnichannel.simulator.account.Credentials;
import com.omnichannel.simulator.callback.Callback;
import com.omnichannel.simulator.callback.CallbackPoster;
import com.omnichannel.simulator.delivery.DeliveryLog;
import com.omnichannel.simulator.delivery.PhoneLog;
import com.omnichannel.simulator.delivery.Provider;
import com.omnichannel.simulator.delivery.Received;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's send, {@code POST /twilio/2010-04-01/Accounts/{AccountSid}/Messages.json}: a form, under
 * HTTP basic credentials {@code AccountSid:AuthToken}. A send taken is answered with Twilio's
 * Message resource; when it named a {@code StatusCallback}, 'sent' and 'delivered' (and 'read' for
 * a {@code whatsapp:} recipient) are posted there, a status delay apart.
 */
@RestController
class TwilioController {

  private final TwilioAccounts accounts;
  private final TwilioWebhooks webhooks;
  private final CallbackPoster poster;
  private final DeliveryLog deliveries;
  private final PhoneLog phone;
  private final Clock clock;

  TwilioController(
      TwilioAccounts accounts,
      TwilioWebhooks webhooks,
      CallbackPoster poster,
      DeliveryLog deliveries,
      PhoneLog phone,
      Clock clock) {
    this.accounts = accounts;
    this.webhooks = webhooks;
    this.poster = poster;
    this.deliveries = deliveries;
    this.phone = phone;
    this.clock = clock;
  }

  @PostMapping("/twilio/2010-04-01/Accounts/{accountSid}/Messages.json")
  ResponseEntity<Object> send(
      @PathVariable String accountSid,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestParam MultiValueMap<String, String> form) {
    Optional<TwilioAccounts.Account> found =
        accounts
            .bySid(accountSid)
            .filter(account -> Credentials.match(basic(account), authorization));
    if (found.isEmpty()) {
      return TwilioError.authenticate();
    }
    TwilioAccounts.Account account = found.get();
    TwilioSend send = TwilioSend.of(form);
    ResponseEntity<Object> refusal = send.refusal(account);
    if (refusal != null) {
      return refusal;
    }
    TwilioMessage message =
        TwilioMessage.created(
            TwilioWebhooks.newMessageSid(),
            account.accountSid(),
            send.from(),
            send.messagingServiceSid(),
            send.to(),
            send.body(),
            clock.instant());
    Received received =
        Received.sent(
            Provider.TWILIO,
            account.channelId(),
            send.to(),
            send.body(),
            message.sid(),
            clock.instant());
    deliveries.record(received);
    // What the customer would see on their phone: the point of the demo.
    phone.shown("[twilio {}] {}", send.to(), send.body());
    URI callback = send.statusCallbackUrl();
    if (callback != null) {
      String sentFrom = send.from() == null ? account.from() : send.from();
      poster.postInTurn(
          send.statuses().stream()
              .map(
                  status ->
                      new Callback(
                          "Twilio '" + status + "' of " + message.sid(),
                          () -> webhooks.status(account, callback, message, sentFrom, status),
                          () -> received.statusesPosted().add(status)))
              .toList());
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(message);
  }

  private static String basic(TwilioAccounts.Account account) {
    String pair = account.accountSid() + ":" + account.authToken();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
