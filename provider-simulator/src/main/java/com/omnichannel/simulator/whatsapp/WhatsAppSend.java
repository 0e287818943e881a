package com.omnichannel.simulator.whatsapp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of a Cloud API send, {@code POST /{phone_number_id}/messages}, for a text message: the
 * one kind the API sends.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record WhatsAppSend(
    @JsonProperty("messaging_product") String messagingProduct,
    @JsonProperty("recipient_type") String recipientType,
    @JsonProperty("to") String to,
    @JsonProperty("type") String type,
    @JsonProperty("text") Text text) {

  record Text(@JsonProperty("body") String body, @JsonProperty("preview_url") Boolean previewUrl) {}

  /** What is wrong with the send, worded as Meta's error details are; null when nothing is. */
  String problem() {
    if (!"whatsapp".equals(messagingProduct)) {
      return "The parameter messaging_product is required and must be 'whatsapp'.";
    }
    if (recipientType != null && !"individual".equals(recipientType)) {
      return "Param recipient_type must be 'individual'.";
    }
    if (to == null || waId().isEmpty()) {
      return "The parameter to is required.";
    }
    if (type != null && !"text".equals(type)) {
      return "The simulator sends text messages only; type is '" + type + "'.";
    }
    if (text == null || text.body() == null || text.body().isBlank()) {
      return "The parameter text['body'] is required.";
    }
    return null;
  }

  /** The recipient's WhatsApp id: the digits of the number, without {@code +} or spaces. */
  String waId() {
    return to.replaceAll("[^0-9]", "");
  }

  /**
   * What the Cloud API answers a send it took: the recipient as given and as WhatsApp knows them,
   * and the new message's id.
   */
  record Accepted(
      @JsonProperty("messaging_product") String messagingProduct,
      @JsonProperty("contacts") List<Contact> contacts,
      @JsonProperty("messages") List<MessageId> messages) {

    static Accepted of(String to, String waId, String messageId) {
      return new Accepted(
          "whatsapp", List.of(new Contact(to, waId)), List.of(new MessageId(messageId)));
    }
  }

  record Contact(@JsonProperty("input") String input, @JsonProperty("wa_id") String waId) {}

  record MessageId(@JsonProperty("id") String id) {}
}
