package com.omnichannel.api.provider.whatsapp;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.Provider;
import com.omnichannel.api.company.ProviderConfig;
import com.omnichannel.api.provider.ProviderWebhooks;
import com.omnichannel.api.web.CorrelationIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The callback URL of a WhatsApp Cloud API channel, as Meta's App Dashboard is given it. */
@RestController
class WhatsAppWebhookController {

  static final String PATH = "/webhooks/whatsapp/{channelId}";

  private final ProviderWebhooks webhooks;

  WhatsAppWebhookController(ProviderWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Operation(
      summary = "Meta's check of a WhatsApp channel's callback URL",
      description =
          "Answers hub.challenge when hub.mode is subscribe and hub.verify_token is the channel's"
              + " verify_token.")
  @ApiResponse(responseCode = "200", description = "The challenge, as text/plain")
  @ApiResponse(responseCode = "403", description = "Not a subscription with the verify token")
  @ApiResponse(responseCode = "404", description = "No WhatsApp Cloud API channel of this id")
  @GetMapping(PATH)
  ResponseEntity<String> verify(
      @PathVariable long channelId,
      @RequestParam(name = "hub.mode", required = false) String mode,
      @RequestParam(name = "hub.verify_token", required = false) String verifyToken,
      @RequestParam(name = "hub.challenge", required = false) String challenge) {
    Channel channel = webhooks.channel(channelId, Provider.WHATSAPP_CLOUD);
    MetaSignature.verifySubscription(account(channel), mode, verifyToken, challenge);
    webhooks.admit(channel);
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
  }

  @Operation(
      summary = "Receive Meta's WhatsApp notifications: contacts' messages, our messages' statuses",
      description =
          "Signed with X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under the"
              + " app secret>. Every message of every entry and change is stored once; statuses"
              + " only move forward; changes of other fields are acknowledged and ignored.")
  @ApiResponse(responseCode = "200", description = "Everything in it is stored")
  @ApiResponse(responseCode = "401", description = "Signature missing or wrong; nothing stored")
  @ApiResponse(responseCode = "404", description = "No WhatsApp Cloud API channel of this id")
  @PostMapping(PATH)
  ResponseEntity<Void> notification(
      @PathVariable long channelId,
      // The raw bytes, because the signature covers exactly what Meta sent.
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = MetaSignature.HEADER, required = false) String signature,
      @RequestHeader(name = CorrelationIds.HEADER, required = false) String correlationId) {
    String correlation = CorrelationIds.of(correlationId);
    byte[] bytes = body == null ? new byte[0] : body;
    Channel channel = webhooks.channel(channelId, Provider.WHATSAPP_CLOUD);
    MetaSignature.verify(account(channel), bytes, signature);
    webhooks.admit(channel);
    WhatsAppNotification notification = webhooks.readJson(bytes, WhatsAppNotification.class);
    webhooks.store(channel, WhatsAppInbound.read(channel, notification), correlation);
    return ResponseEntity.ok().header(CorrelationIds.HEADER, correlation).build();
  }

  private static ProviderConfig.WhatsAppCloud account(Channel channel) {
    return channel.config(ProviderConfig.WhatsAppCloud.class);
  }
}
