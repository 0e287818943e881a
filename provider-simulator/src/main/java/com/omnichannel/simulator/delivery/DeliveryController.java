package com.omnichannel.simulator.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The provider's send endpoint, and a look at what it was sent. */
@RestController
class DeliveryController {

  static final String CORRELATION_HEADER = "X-Correlation-Id";
  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  static final int LISTED = 100;
  private static final Logger log = LoggerFactory.getLogger(DeliveryController.class);

  private final DeliveryLog deliveries;
  private final PhoneLog phone;
  private final StatusCallbacks statuses;
  private final ChannelSecrets secrets;
  private final JsonMapper json;
  private final Clock clock;

  DeliveryController(
      DeliveryLog deliveries,
      PhoneLog phone,
      StatusCallbacks statuses,
      ChannelSecrets secrets,
      JsonMapper json,
      Clock clock) {
    this.deliveries = deliveries;
    this.phone = phone;
    this.statuses = statuses;
    this.secrets = secrets;
    this.json = json;
    this.clock = clock;
  }

  record Accepted(@JsonProperty("id") String id) {}

  @PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> deliver(
      // The raw bytes, because the signature covers exactly what the API sent.
      @RequestBody byte[] body,
      @RequestHeader(name = Signature.HEADER, required = false) String signature,
      @RequestHeader(name = IDEMPOTENCY_HEADER, required = false) String idempotencyKey,
      @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
    Delivery delivery;
    try {
      delivery = json.readValue(body, Delivery.class);
    } catch (JacksonException e) {
      return problem(
          HttpStatus.BAD_REQUEST, "The body is not a delivery: " + e.getOriginalMessage());
    }
    if (delivery == null
        || delivery.messageId() == null
        || delivery.companyId() == null
        || delivery.channelId() == null
        || delivery.to() == null
        || delivery.text() == null) {
      return problem(
          HttpStatus.BAD_REQUEST, "message_id, company_id, channel_id, to and text are required");
    }
    Optional<String> secret = secrets.of(delivery.channelId());
    if (secret.isPresent()) {
      if (signature == null) {
        return problem(
            HttpStatus.UNAUTHORIZED,
            "Channel " + delivery.channelId() + " requires a " + Signature.HEADER + " signature");
      }
      if (!Signature.matches(secret.get(), body, signature)) {
        return problem(
            HttpStatus.UNAUTHORIZED,
            "The " + Signature.HEADER + " signature does not match the body");
      }
    }
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      return problem(HttpStatus.BAD_REQUEST, "An " + IDEMPOTENCY_HEADER + " header is required");
    }
    DeliveryLog.Admission admission =
        deliveries.admit(
            idempotencyKey,
            () ->
                Received.of(
                    delivery,
                    "sim-" + UUID.randomUUID(),
                    clock.instant(),
                    secret.isPresent(),
                    correlationId));
    Received received = admission.received();
    if (admission.repeat()) {
      log.info(
          "repeat of {} {} (message {}), answered as before",
          IDEMPOTENCY_HEADER,
          idempotencyKey,
          received.providerMessageId());
    } else {
      // What the customer would see on their phone: the point of the demo.
      phone.shown("[phone {}] {}: {}", delivery.to(), delivery.sender(), delivery.text());
      statuses.schedule(received);
    }
    return ResponseEntity.ok(new Accepted(received.providerMessageId()));
  }

  @GetMapping("/messages")
  List<DeliveryView> recent() {
    return deliveries.newestFirst(LISTED).stream().map(DeliveryView::of).toList();
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }
}
