package com.omnichannel.simulator.whatsapp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of a WhatsApp Cloud API webhook as Meta posts it: one entry for the business account,
 * one change of the {@code messages} field, whose value carries either the customer's messages or
 * the statuses of the business's own.
 */
record MetaWebhook(String object, List<Entry> entry) {

  static MetaWebhook of(WhatsAppAccounts.Account account, Value value) {
    return new MetaWebhook(
        "whatsapp_business_account",
        List.of(new Entry(account.businessAccountId(), List.of(new Change(value, "messages")))));
  }

  record Entry(String id, List<Change> changes) {}

  record Change(Value value, String field) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Value(
      @JsonProperty("messaging_product") String messagingProduct,
      Metadata metadata,
      List<Contact> contacts,
      List<Message> messages,
      List<Status> statuses) {

    static Value messages(
        WhatsAppAccounts.Account account, List<Contact> contacts, List<Message> messages) {
      return new Value("whatsapp", Metadata.of(account), contacts, messages, null);
    }

    static Value statuses(WhatsAppAccounts.Account account, List<Status> statuses) {
      return new Value("whatsapp", Metadata.of(account), null, null, statuses);
    }
  }

  record Metadata(
      @JsonProperty("display_phone_number") String displayPhoneNumber,
      @JsonProperty("phone_number_id") String phoneNumberId) {

    static Metadata of(WhatsAppAccounts.Account account) {
      return new Metadata(account.displayPhoneNumber(), account.phoneNumberId());
    }
  }

  record Contact(Profile profile, @JsonProperty("wa_id") String waId) {}

  record Profile(String name) {}

  /** A customer's message; {@code from} is their WhatsApp id, the number's digits. */
  record Message(String from, String id, String timestamp, String type, Text text) {}

  record Text(String body) {}

  /**
   * What became of one of the business's messages.
   *
   * @param timestamp unix seconds, as a string, as Meta sends it
   * @param conversation and {@code pricing}: on 'sent' and 'delivered', not on 'read'
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Status(
      String id,
      String status,
      String timestamp,
      @JsonProperty("recipient_id") String recipientId,
      Conversation conversation,
      Pricing pricing) {}

  /** The customer service window the message went out in; its expiry only on 'sent'. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Conversation(
      String id, @JsonProperty("expiration_timestamp") String expirationTimestamp, Origin origin) {}

  record Origin(String type) {}

  /** A reply inside the customer service window, free under per-message pricing. */
  record Pricing(
      boolean billable,
      @JsonProperty("pricing_model") String pricingModel,
      String category,
      String type) {

    static final Pricing SERVICE = new Pricing(false, "PMP", "service", "free_customer_service");
  }
}
