package com.omnichannel.api.webhook;

import com.omnichannel.api.conversation.Conversation;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.contracts.EventIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
class WebhookController {

  static final String CORRELATION_HEADER = "X-Correlation-Id";
  private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");

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
    InboundMessageRequest request = parse(body);
    String correlation =
        correlationId != null && SAFE_CORRELATION_ID.matcher(correlationId).matches()
            ? correlationId
            : EventIds.random().toString();
    Conversations.Appended outcome = service.receive(request, body, signature, correlation);
    Conversation conversation = outcome.conversation();
    var response =
        outcome.duplicate()
            ? ResponseEntity.ok()
            : ResponseEntity.created(URI.create("/conversations/" + conversation.id()));
    return response.header(CORRELATION_HEADER, correlation).body(conversation);
  }

  private InboundMessageRequest parse(byte[] body) {
    InboundMessageRequest request = json.readValue(body, InboundMessageRequest.class);
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
