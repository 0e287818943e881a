package com.omnichannel.api.provider.telegram;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.Provider;
import com.omnichannel.api.company.ProviderConfig;
import com.omnichannel.api.provider.ProviderWebhooks;
import com.omnichannel.api.web.CorrelationIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The webhook of a Telegram bot channel, as its {@code setWebhook} is given it. */
@RestController
class TelegramWebhookController {

  private final ProviderWebhooks webhooks;

  TelegramWebhookController(ProviderWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Operation(
      summary = "Receive a Telegram update",
      description =
          "X-Telegram-Bot-Api-Secret-Token must be the channel's secret_token. A new message is"
              + " stored once per update_id; other updates are acknowledged and ignored.")
  @ApiResponse(responseCode = "200", description = "Stored, or nothing to store")
  @ApiResponse(responseCode = "401", description = "Secret token missing or wrong; nothing stored")
  @ApiResponse(responseCode = "404", description = "No Telegram channel of this id")
  @PostMapping("/webhooks/telegram/{channelId}")
  ResponseEntity<Void> update(
      @PathVariable long channelId,
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = TelegramSecretToken.HEADER, required = false) String secretToken,
      @RequestHeader(name = CorrelationIds.HEADER, required = false) String correlationId) {
    String correlation = CorrelationIds.of(correlationId);
    Channel channel = webhooks.channel(channelId, Provider.TELEGRAM);
    TelegramSecretToken.verify(channel.config(ProviderConfig.Telegram.class), secretToken);
    webhooks.admit(channel);
    TelegramUpdate update =
        webhooks.readJson(body == null ? new byte[0] : body, TelegramUpdate.class);
    webhooks.store(channel, TelegramInbound.read(channel, update), correlation);
    return ResponseEntity.ok().header(CorrelationIds.HEADER, correlation).build();
  }
}
