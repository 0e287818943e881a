package com.omnichannel.api.webhook;

import com.omnichannel.api.conversation.Conversation;
import com.omnichannel.api.conversation.InboundResult;
import com.omnichannel.api.conversation.Message;
import com.omnichannel.api.web.CorrelationIds;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.kafka.RecordTracing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.net.URI;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
class WebhookController {

  static final String CORRELATION_HEADER = CorrelationIds.HEADER;

  private final InboundMessageService service;
  private final JsonMapper json;
  private final Validator validator;

  WebhookController(InboundMessageService service, JsonMapper json, Validator validator) {
    this.service = service;
    this.json = json;
    this.validator = validator;
  }

  @Operation(
      summary = "Receive an inbound message from a channel provider",
      description =
          "Channels with a webhook secret require X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of"
              + " the raw body>.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = InboundMessageRequest.class))))
  @ApiResponse(responseCode = "201", description = "Stored; the conversation it joined")
  @ApiResponse(responseCode = "200", description = "A retry of a stored message; nothing changed")
  @PostMapping(path = "/webhooks/inbound", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Conversation> inbound(
      // The raw bytes, because the signature covers exactly what the provider sent.
      @RequestBody byte[] body,
      @RequestHeader(name = WebhookSignature.HEADER, required = false) String signature,
      @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
    InboundMessageRequest request = parse(body, InboundMessageRequest.class);
    String correlation = CorrelationIds.of(correlationId);
    InboundResult outcome;
    try (var logged = MDC.putCloseable(RecordTracing.CORRELATION_MDC, correlation)) {
      outcome = service.receive(request, body, signature, correlation);
    }
    Conversation conversation = outcome.conversation();
    var response =
        outcome.duplicate()
            ? ResponseEntity.ok()
            : ResponseEntity.created(URI.create("/conversations/" + conversation.id()));
    return response.header(CORRELATION_HEADER, correlation).body(conversation);
  }

  @Operation(
      summary = "Receive a provider's status for a message we sent it",
      description =
          "Statuses only move forward (pending < sent < delivered < read); a late or repeated one"
              + " answers 200 and changes nothing. Signed like inbound webhooks on channels with a"
              + " secret.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = ProviderStatusRequest.class))))
  @ApiResponse(responseCode = "200", description = "The message as it is now")
  @ApiResponse(responseCode = "404", description = "No such message on this channel")
  @PostMapping(path = "/webhooks/status", consumes = MediaType.APPLICATION_JSON_VALUE)
  Message status(
      @RequestBody byte[] body,
      @RequestHeader(name = WebhookSignature.HEADER, required = false) String signature) {
    return service.receiveStatus(parse(body, ProviderStatusRequest.class), body, signature);
  }

  private <T> T parse(byte[] body, Class<T> type) {
    T request = json.readValue(body, type);
    if (request == null) {
      throw new InvalidRequestException("The request body must be a JSON object");
    }
    var violations = validator.validate(request);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return request;
  }
}
