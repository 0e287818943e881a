package com.omnichannel.api.provider.twilio;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.Provider;
import com.omnichannel.api.company.ProviderConfig;
import com.omnichannel.api.provider.ProviderEvents;
import com.omnichannel.api.provider.ProviderWebhooks;
import com.omnichannel.api.web.CorrelationIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.function.BiFunction;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The webhooks of a Twilio channel: incoming messages and the status callbacks of our sends. */
@RestController
class TwilioWebhookController {

  /** TwiML that asks Twilio to do nothing more: the answer is ours to send, later. */
  static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  private final ProviderWebhooks webhooks;
  private final TwilioSignature signatures;

  TwilioWebhookController(ProviderWebhooks webhooks, TwilioSignature signatures) {
    this.webhooks = webhooks;
    this.signatures = signatures;
  }

  @Operation(
      summary = "Receive a message from Twilio (the number's \"A message comes in\" webhook)",
      description =
          "Form-encoded, signed with X-Twilio-Signature over OMNI_PUBLIC_BASE_URL + path + query"
              + " (or the URL as it arrived) and the POST parameters. Stored once per MessageSid.")
  @ApiResponse(responseCode = "200", description = "Stored; an empty TwiML document")
  @ApiResponse(responseCode = "403", description = "Signature missing or wrong; nothing stored")
  @ApiResponse(responseCode = "404", description = "No Twilio channel of this id")
  @PostMapping(
      path = "/webhooks/twilio/{channelId}",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<String> message(
      @PathVariable long channelId,
      HttpServletRequest request,
      @RequestHeader(name = TwilioSignature.HEADER, required = false) String signature,
      @RequestHeader(name = CorrelationIds.HEADER, required = false) String correlationId)
      throws IOException {
    return receive(channelId, request, signature, correlationId, TwilioInbound::message);
  }

  @Operation(
      summary = "Receive Twilio's status callback for a message we sent",
      description =
          "Signed like incoming messages. sent, delivered and read move the message forward;"
              + " undelivered and failed fail it with the ErrorCode; queued, accepted and sending"
              + " change nothing.")
  @ApiResponse(responseCode = "200", description = "Recorded; an empty TwiML document")
  @ApiResponse(responseCode = "403", description = "Signature missing or wrong; nothing stored")
  @ApiResponse(responseCode = "404", description = "No Twilio channel of this id")
  @PostMapping(
      path = "/webhooks/twilio/{channelId}/status",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<String> status(
      @PathVariable long channelId,
      HttpServletRequest request,
      @RequestHeader(name = TwilioSignature.HEADER, required = false) String signature,
      @RequestHeader(name = CorrelationIds.HEADER, required = false) String correlationId)
      throws IOException {
    return receive(channelId, request, signature, correlationId, TwilioInbound::status);
  }

  private ResponseEntity<String> receive(
      long channelId,
      HttpServletRequest request,
      String signature,
      String correlationId,
      BiFunction<Channel, TwilioForm, ProviderEvents> read)
      throws IOException {
    String correlation = CorrelationIds.of(correlationId);
    Channel channel = webhooks.channel(channelId, Provider.TWILIO);
    // The body as sent: the servlet's parameters would mix in the query string's.
    TwilioForm form = TwilioForm.parse(request.getInputStream().readAllBytes());
    signatures.verify(
        channel.config(ProviderConfig.Twilio.class).authToken(), request, form, signature);
    webhooks.admit(channel);
    webhooks.store(channel, read.apply(channel, form), correlation);
    return ResponseEntity.ok()
        .header(CorrelationIds.HEADER, correlation)
        .contentType(MediaType.TEXT_XML)
        .body(EMPTY_TWIML);
  }
}
