package com.omnichannel.api.provider.whatsapp;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * A webhook notification of Meta's WhatsApp Business Platform, as far as this backend reads it
 * (every other field is ignored): {@code entry[].changes[].value} with the {@code messages} that
 * contacts sent and the {@code statuses} of messages we sent.
 */
record WhatsAppNotification(String object, List<Entry> entry) {

  /** The {@code object} of WhatsApp Business Account notifications. */
  static final String BUSINESS_ACCOUNT = "whatsapp_business_account";

  /** The {@code field} of changes that carry messages and statuses. */
  static final String MESSAGES_FIELD = "messages";

  record Entry(String id, List<Change> changes) {}

  record Change(String field, Value value) {}

  record Value(
      Metadata metadata,
      List<Contact> contacts,
      List<WhatsAppMessage> messages,
      List<Status> statuses) {}

  record Metadata(@JsonProperty("phone_number_id") String phoneNumberId) {}

  record Contact(@JsonProperty("wa_id") String waId, Profile profile) {}

  record Profile(String name) {}

  /** One message a contact sent; which of the fields is set follows from {@code type}. */
  record WhatsAppMessage(
      String from,
      String id,
      String type,
      Text text,
      MediaObject image,
      MediaObject audio,
      MediaObject video,
      MediaObject document,
      MediaObject sticker,
      Location location,
      List<SharedContact> contacts,
      Interactive interactive,
      Button button,
      Reaction reaction) {}

  record Text(String body) {}

  /** An image, audio, video, document or sticker; the file stays at Meta under its id. */
  record MediaObject(
      String id, @JsonProperty("mime_type") String mimeType, String caption, String filename) {}

  record Location(Double latitude, Double longitude, String name, String address) {}

  record SharedContact(Name name) {}

  record Name(@JsonProperty("formatted_name") String formattedName) {}

  /** A reply to one of our interactive messages: the button or list row the contact chose. */
  record Interactive(
      String type,
      @JsonProperty("button_reply") Reply buttonReply,
      @JsonProperty("list_reply") Reply listReply) {}

  record Reply(String id, String title) {}

  /** A tap on a quick-reply button of one of our template messages. */
  record Button(String text, String payload) {}

  record Reaction(@JsonProperty("message_id") String messageId, String emoji) {}

  /** What became of a message we sent, by its wamid. */
  record Status(String id, String status, List<StatusError> errors) {}

  record StatusError(Long code, String title) {}

  /** The list's items, none for a missing list; JSON nulls in it are skipped. */
  static <T> List<T> each(List<T> items) {
    return items == null ? List.of() : items.stream().filter(Objects::nonNull).toList();
  }
}
