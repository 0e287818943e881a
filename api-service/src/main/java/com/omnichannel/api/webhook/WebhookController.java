package com.omnichannel.api.webhook;

import com.omnichannel.api.conversation.Conversation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WebhookController {

  static final String CORRELATION_HEADER = "X-Correlation-Id";
  private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");

  private final InboundMessageService service;

  WebhookController(InboundMessageService service) {
    this.service = service;
  }

  @Operation(summary = "Receive an inbound message from a channel provider")
  @ApiResponse(responseCode = "201", description = "Stored; the conversation it joined")
  @ApiResponse(responseCode = "200", description = "A retry of a stored message; nothing changed")
  @PostMapping("/webhooks/inbound")
  ResponseEntity<Conversation> inbound(
      @Valid @RequestBody InboundMessageRequest request,
      @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
    String correlation =
        correlationId != null && SAFE_CORRELATION_ID.matcher(correlationId).matches()
            ? correlationId
            : UUID.randomUUID().toString();
    var outcome = service.receive(request, correlation);
    Conversation conversation = outcome.conversation();
    var response =
        outcome.duplicate()
            ? ResponseEntity.ok()
            : ResponseEntity.created(URI.create("/conversations/" + conversation.id()));
    return response.header(CORRELATION_HEADER, correlation).body(conversation);
  }
}
