package com.omnichannel.simulator.whatsapp;

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
 * A customer writing to a WhatsApp number, {@code POST /customers/whatsapp/{channel_id}}: Meta's
 * inbound {@code messages} webhook, signed under the app secret, so that the demo and the tests
 * need not sign one by hand.
 */
@RestController
class WhatsAppCustomerController {

  private final WhatsAppAccounts accounts;
  private final WhatsAppWebhooks webhooks;
  private final CustomerWebhooks customers;

  WhatsAppCustomerController(
      WhatsAppAccounts accounts, WhatsAppWebhooks webhooks, CustomerWebhooks customers) {
    this.accounts = accounts;
    this.webhooks = webhooks;
    this.customers = customers;
  }

  @PostMapping("/customers/whatsapp/{channelId}")
  CompletableFuture<ResponseEntity<Object>> write(
      @PathVariable long channelId, @RequestBody CustomerMessage message) {
    Optional<WhatsAppAccounts.Account> account = accounts.byChannel(channelId);
    if (account.isEmpty()) {
      return CustomerWebhooks.refused(
          HttpStatus.NOT_FOUND,
          "Channel " + channelId + " has no account in " + WhatsAppAccounts.VARIABLE);
    }
    String problem = message.problem();
    String waId = problem == null ? message.from().replaceAll("[^0-9]", "") : "";
    if (problem == null && waId.isEmpty()) {
      problem = "from must be a phone number";
    }
    if (problem != null) {
      return CustomerWebhooks.refused(HttpStatus.BAD_REQUEST, problem);
    }
    String messageId = WhatsAppWebhooks.newMessageId(waId);
    return customers.post(
        webhooks.inbound(account.get(), waId, message.nameOr(waId), messageId, message.text()),
        messageId);
  }
}
