package com.omnichannel.api.provider.telegram;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A Telegram Bot API Update, as far as this backend reads it: a new {@code message} to the bot.
 * Every other kind of update (edited messages, channel posts, callback queries, ...) and every
 * other field is ignored.
 */
record TelegramUpdate(@JsonProperty("update_id") Long updateId, TelegramMessage message) {

  record TelegramMessage(
      @JsonProperty("message_id") Long messageId,
      User from,
      Chat chat,
      String text,
      String caption,
      List<PhotoSize> photo,
      TelegramFile document,
      TelegramFile audio,
      TelegramFile voice,
      TelegramFile video,
      @JsonProperty("video_note") TelegramFile videoNote,
      TelegramFile sticker,
      Location location,
      Venue venue,
      SharedContact contact) {}

  record User(
      @JsonProperty("first_name") String firstName,
      @JsonProperty("last_name") String lastName,
      String username) {}

  /** A private chat with one user, or a group the bot is in. */
  record Chat(Long id, String type, String title) {}

  /** One size of a photo; Telegram lists several. */
  record PhotoSize(
      @JsonProperty("file_id") String fileId,
      Integer width,
      Integer height,
      @JsonProperty("file_size") Long fileSize) {}

  /** A document, audio, voice note, video or sticker; the file stays at Telegram. */
  record TelegramFile(
      @JsonProperty("file_id") String fileId,
      @JsonProperty("mime_type") String mimeType,
      @JsonProperty("file_name") String fileName) {}

  record Location(Double latitude, Double longitude) {}

  record Venue(Location location, String title, String address) {}

  record SharedContact(
      @JsonProperty("phone_number") String phoneNumber,
      @JsonProperty("first_name") String firstName,
      @JsonProperty("last_name") String lastName) {}
}
