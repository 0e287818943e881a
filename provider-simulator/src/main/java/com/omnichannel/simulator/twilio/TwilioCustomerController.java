package com.omnichannel.simulator.twilio;

import com.omnichannel.simulator.customer.CustomerMessage;
import com.omnichannel.simulator.customer.CustomerWebhooks;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer texting a Twilio number, {@code POST /customers/twilio/{channel_id}}: Twilio's inbound
 * form to the account's {@code from}, signed with {@code X-Twilio-Signature}. A {@code whatsapp:}
 * sender writes to the number's WhatsApp address.
 */
@RestController
class TwilioCustomerController {

  private final TwilioAccounts accounts;
  private final TwilioWebhooks webhooks;
  private final CustomerWebhooks customers;

  TwilioCustomerController(
      TwilioAccounts accounts, TwilioWebhooks webhooks, CustomerWebhooks customers) {
    this.accounts = accounts;
    this.webhooks = webhooks;
    this.customers = customers;
  }

  @PostMapping("/customers/twilio/{channelId}")
  CompletableFuture<ResponseEntity<Object>> write(
      @PathVariable long channelId, @RequestBody CustomerMessage message) {
    Optional<TwilioAccounts.Account> account = accounts.byChannel(channelId);
    if (account.isEmpty()) {
      return CustomerWebhooks.refused(
          HttpStatus.NOT_FOUND,
          "Channel " + channelId + " has no account in " + TwilioAccounts.VARIABLE);
    }
    String number = account.get().from();
    if (number == null) {
      return CustomerWebhooks.refused(
          HttpStatus.CONFLICT,
          "Channel "
              + channelId
              + " has no from number in "
              + TwilioAccounts.VARIABLE
              + " (channel_id|account_sid|auth_token|from), the number a customer writes to");
    }
    String problem = message.problem();
    if (problem != null) {
      return CustomerWebhooks.refused(HttpStatus.BAD_REQUEST, problem);
    }
    String from = message.from().trim();
    boolean whatsApp = from.startsWith("whatsapp:");
    String to = whatsApp && !number.startsWith("whatsapp:") ? "whatsapp:" + number : number;
    String messageSid = TwilioWebhooks.newMessageSid();
    return customers.post(
        webhooks.inbound(
            account.get(),
            from,
            to,
            message.nameOr(from.replaceAll("[^0-9]", "")),
            messageSid,
            message.text()),
        messageSid);
  }
}
