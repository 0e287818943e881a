package com.omnichannel.api.delivery;

import com.omnichannel.api.conversation.Message;
import com.omnichannel.api.security.CompanyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Agents' hand in delivery: a failed message sent again. */
@RestController
class DeliveryController {

  private final Deliveries deliveries;

  DeliveryController(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  @Operation(
      summary = "Deliver a failed message again",
      description =
          "Queues the message with a fresh budget of attempts, after any earlier message of the"
              + " conversation still being delivered. 409 when the message is not failed.")
  @PostMapping("/conversations/{id}/messages/{messageId}/retry")
  ResponseEntity<Message> retry(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long id,
      @PathVariable long messageId) {
    return ResponseEntity.accepted().body(deliveries.retry(company.companyId(), id, messageId));
  }
}
