package com.omnichannel.simulator.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One send as {@code GET /messages} shows it. A send through a provider's API has no message,
 * conversation or sender of ours; its {@code signature} is {@code valid}, as its credentials were
 * checked.
 */
record DeliveryView(
    @JsonProperty("provider") Provider provider,
    @JsonProperty("message_id") Long messageId,
    @JsonProperty("conversation_id") Long conversationId,
    @JsonProperty("channel_id") Long channelId,
    @JsonProperty("to") String to,
    @JsonProperty("sender") String sender,
    @JsonProperty("text") String text,
    @JsonProperty("provider_message_id") String providerMessageId,
    @JsonProperty("received_at") Instant receivedAt,
    @JsonProperty("signature") String signature,
    @JsonProperty("statuses_posted") List<String> statusesPosted) {

  static DeliveryView of(Received received) {
    Delivery delivery = received.delivery();
    return new DeliveryView(
        received.provider(),
        delivery.messageId(),
        delivery.conversationId(),
        delivery.channelId(),
        delivery.to(),
        delivery.sender(),
        delivery.text(),
        received.providerMessageId(),
        received.receivedAt(),
        received.signed() ? "valid" : "none",
        List.copyOf(received.statusesPosted()));
  }
}
