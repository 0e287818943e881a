package com.omnichannel.simulator.telegram;

import com.omnichannel.simulator.delivery.DeliveryLog;
import com.omnichannel.simulator.delivery.PhoneLog;
import com.omnichannel.simulator.delivery.Provider;
import com.omnichannel.simulator.delivery.Received;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Bot API's {@code POST /telegram/bot{bot_token}/sendMessage}: the token in the path is the
 * credential. A message taken is answered with the Message it became. Telegram reports no delivery
 * or read to bots, so nothing follows.
 */
@RestController
class TelegramController {

  private final TelegramBots bots;
  private final TelegramIds ids;
  private final DeliveryLog deliveries;
  private final PhoneLog phone;
  private final JsonMapper json;
  private final Clock clock;

  TelegramController(
      TelegramBots bots,
      TelegramIds ids,
      DeliveryLog deliveries,
      PhoneLog phone,
      JsonMapper json,
      Clock clock) {
    this.bots = bots;
    this.ids = ids;
    this.deliveries = deliveries;
    this.phone = phone;
    this.json = json;
    this.clock = clock;
  }

  @PostMapping("/telegram/bot{botToken}/sendMessage")
  ResponseEntity<TelegramObjects.Answer> sendMessage(
      @PathVariable String botToken, @RequestBody(required = false) byte[] body) {
    Optional<TelegramBots.Bot> found = bots.byToken(botToken);
    if (found.isEmpty()) {
      return error(HttpStatus.UNAUTHORIZED, "Unauthorized");
    }
    TelegramBots.Bot bot = found.get();
    TelegramObjects.SendMessage send;
    try {
      send = body == null ? null : json.readValue(body, TelegramObjects.SendMessage.class);
    } catch (JacksonException e) {
      send = null;
    }
    if (send == null || send.chatId() == null || send.chatId().isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "Bad Request: chat_id is empty");
    }
    if (send.text() == null || send.text().isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "Bad Request: message text is empty");
    }
    // Only private chats are simulated, whose id is the user's; a @channel is none of them.
    if (!send.chatId().trim().matches("-?[0-9]{1,18}")) {
      return error(HttpStatus.BAD_REQUEST, "Bad Request: chat not found");
    }
    long chatId = Long.parseLong(send.chatId().trim());
    var message =
        new TelegramObjects.Message(
            ids.nextMessageId(),
            new TelegramObjects.User(
                bot.userId(), true, "Channel " + bot.channelId(), bot.username()),
            TelegramObjects.Chat.privateWith(chatId, null),
            clock.instant().getEpochSecond(),
            send.text());
    deliveries.record(
        Received.sent(
            Provider.TELEGRAM,
            bot.channelId(),
            String.valueOf(chatId),
            send.text(),
            String.valueOf(message.messageId()),
            clock.instant()));
    // What the customer would see on their phone: the point of the demo.
    phone.shown("[telegram {}] {}", chatId, send.text());
    return ResponseEntity.ok(TelegramObjects.Answer.of(message));
  }

  private static ResponseEntity<TelegramObjects.Answer> error(
      HttpStatus status, String description) {
    return ResponseEntity.status(status)
        .body(TelegramObjects.Answer.error(status.value(), description));
  }
}
