package com.omnichannel.simulator.telegram;

import com.omnichannel.simulator.SimulatorProperties;
import com.omnichannel.simulator.callback.Webhook;
import com.omnichannel.simulator.customer.CustomerMessage;
import com.omnichannel.simulator.customer.CustomerWebhooks;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user writing to a bot in a private chat, {@code POST /customers/telegram/{channel_id}} with
 * {@code from} the user's numeric id: Telegram's Update to {@code /webhooks/telegram/{channel_id}},
 * with the {@code X-Telegram-Bot-Api-Secret-Token} the webhook was set with.
 */
@RestController
class TelegramCustomerController {

  static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

  private final TelegramBots bots;
  private final TelegramIds ids;
  private final CustomerWebhooks customers;
  private final JsonMapper json;
  private final Clock clock;
  private final String apiUrl;

  TelegramCustomerController(
      TelegramBots bots,
      TelegramIds ids,
      CustomerWebhooks customers,
      JsonMapper json,
      Clock clock,
      SimulatorProperties properties) {
    this.bots = bots;
    this.ids = ids;
    this.customers = customers;
    this.json = json;
    this.clock = clock;
    this.apiUrl = properties.apiUrl().toString().replaceAll("/+$", "");
  }

  @PostMapping("/customers/telegram/{channelId}")
  CompletableFuture<ResponseEntity<Object>> write(
      @PathVariable long channelId, @RequestBody CustomerMessage message) {
    Optional<TelegramBots.Bot> bot = bots.byChannel(channelId);
    if (bot.isEmpty()) {
      return CustomerWebhooks.refused(
          HttpStatus.NOT_FOUND, "Channel " + channelId + " has no bot in " + TelegramBots.VARIABLE);
    }
    String problem = message.problem();
    if (problem == null && !message.from().trim().matches("[0-9]{1,18}")) {
      problem = "from must be the Telegram user's numeric id";
    }
    if (problem != null) {
      return CustomerWebhooks.refused(HttpStatus.BAD_REQUEST, problem);
    }
    long userId = Long.parseLong(message.from().trim());
    String firstName = message.nameOr("User " + userId);
    var sent =
        new TelegramObjects.Message(
            ids.nextMessageId(),
            new TelegramObjects.User(userId, false, firstName, null),
            TelegramObjects.Chat.privateWith(userId, firstName),
            clock.instant().getEpochSecond(),
            message.text());
    byte[] body = json.writeValueAsBytes(new TelegramObjects.Update(ids.nextUpdateId(), sent));
    URI url = URI.create(apiUrl + "/webhooks/telegram/" + channelId);
    return customers.post(
        Webhook.post(url, "application/json", body)
            .header(SECRET_HEADER, bot.get().secretToken())
            .build(),
        String.valueOf(sent.messageId()));
  }
}
