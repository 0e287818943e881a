package com.omnichannel.api.provider.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.ProviderCalls;
import com.omnichannel.api.provider.ProviderPayloads;
import com.omnichannel.api.provider.StoredMessages;
import com.omnichannel.api.provider.StoredMessages.Stored;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

/** The demo's Telegram bot channel 5 takes Telegram's updates, proven by the secret token. */
@ApiIntegrationTest
class TelegramWebhookTest {

  static final long CHANNEL = 5;
  static final String PATH = "/webhooks/telegram/" + CHANNEL;
  static final String SECRET_TOKEN = "demo-telegram-secret-token";

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  StoredMessages stored;

  @BeforeEach
  void readBack() {
    stored = new StoredMessages(jdbc, transaction);
  }

  /** An update id no other test or run uses. */
  static long newUpdateId() {
    return ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 2);
  }

  static long newChatId() {
    return ThreadLocalRandom.current().nextLong(100_000_000L, 9_000_000_000L);
  }

  MvcTestResult deliver(String update, String secretToken) {
    Map<String, String> headers = new HashMap<>();
    if (secretToken != null) {
      headers.put("X-Telegram-Bot-Api-Secret-Token", secretToken);
    }
    return ProviderCalls.post(
        mvc, PATH, MediaType.APPLICATION_JSON, update.getBytes(StandardCharsets.UTF_8), headers);
  }

  MvcTestResult deliver(String update) {
    return deliver(update, SECRET_TOKEN);
  }

  static String text(long updateId, long chatId, String text) {
    return ProviderPayloads.text(
        "telegram/text.json",
        Map.of("updateId", Long.toString(updateId), "chatId", Long.toString(chatId), "text", text));
  }

  static String media(long updateId, String media) {
    return ProviderPayloads.text(
        "telegram/media.json",
        Map.of(
            "updateId",
            Long.toString(updateId),
            "chatId",
            Long.toString(newChatId()),
            "media",
            media));
  }

  @Test
  void aTextMessageIsStoredForItsChatNamedAfterItsSender() {
    long updateId = newUpdateId();
    long chatId = newChatId();

    assertThat(deliver(text(updateId, chatId, "/start"))).hasStatusOk();

    Stored message = stored.get(CHANNEL, Long.toString(updateId));
    assertThat(message.type()).isEqualTo("text");
    assertThat(message.content()).isEqualTo("/start");
    assertThat(message.telegramChatId()).isEqualTo(Long.toString(chatId));
    assertThat(message.phone()).isNull();
    assertThat(message.contactName()).isEqualTo("Test Firstname Test Lastname");
  }

  @Test
  void aMissingOrWrongSecretTokenIs401AndStoresNothing() {
    long updateId = newUpdateId();
    String update = text(updateId, newChatId(), "Let me in");

    MvcTestResult missing = deliver(update, null);
    assertThat(missing).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(missing).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(missing.getResponse().getHeader("WWW-Authenticate"))
        .contains("X-Telegram-Bot-Api-Secret-Token");
    assertThat(deliver(update, "demo-telegram-secret-tokeN")).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(deliver(update, "")).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(stored.count(CHANNEL, Long.toString(updateId))).isZero();
  }

  @Test
  void aRedeliveredUpdateIsStoredOnce() {
    long updateId = newUpdateId();
    String update = text(updateId, newChatId(), "Once");

    assertThat(deliver(update)).hasStatusOk();
    assertThat(deliver(update)).hasStatusOk();

    assertThat(stored.count(CHANNEL, Long.toString(updateId))).isEqualTo(1);
  }

  @Test
  void theLargestSizeOfAPhotoIsStoredWithItsCaption() {
    long updateId = newUpdateId();
    String photo =
        """
        "caption": "The broken part",
        "photo": [
          {"file_id": "AgACAgQAAxkBAAIBsmall", "file_unique_id": "AQADs", "file_size": 1234, "width": 90, "height": 67},
          {"file_id": "AgACAgQAAxkBAAIBlarge", "file_unique_id": "AQADl", "file_size": 98765, "width": 1280, "height": 960},
          {"file_id": "AgACAgQAAxkBAAIBmedium", "file_unique_id": "AQADm", "file_size": 23456, "width": 320, "height": 240}
        ]""";

    assertThat(deliver(media(updateId, photo))).hasStatusOk();

    Stored message = stored.get(CHANNEL, Long.toString(updateId));
    assertThat(message.type()).isEqualTo("image");
    assertThat(message.content()).isEqualTo("The broken part");
    assertThat(message.media())
        .containsEntry("id", "AgACAgQAAxkBAAIBlarge")
        .containsEntry("caption", "The broken part");
  }

  @Test
  void documentsAudioVoiceVideoStickersAndLocationsLandWithTheirTypes() {
    Map<String, String> media =
        Map.of(
            "document",
            """
            "caption": "My invoice",
            "document": {"file_name": "invoice.pdf", "mime_type": "application/pdf", "file_id": "BQACAgdoc", "file_unique_id": "AgADd", "file_size": 52345}""",
            "audio",
            """
            "audio": {"duration": 184, "file_name": "song.mp3", "mime_type": "audio/mpeg", "title": "Song", "file_id": "CQACAgaudio", "file_unique_id": "AgADa", "file_size": 4413452}""",
            "voice",
            """
            "voice": {"duration": 3, "mime_type": "audio/ogg", "file_id": "AwACAgvoice", "file_unique_id": "AgADv", "file_size": 12345}""",
            "video",
            """
            "caption": "Unboxing",
            "video": {"duration": 12, "width": 1280, "height": 720, "mime_type": "video/mp4", "file_id": "BAACAgvideo", "file_unique_id": "AgADi", "file_size": 1234567}""",
            "sticker",
            """
            "sticker": {"width": 512, "height": 512, "emoji": "\\ud83d\\ude00", "set_name": "Animals", "is_animated": false, "is_video": false, "type": "regular", "file_id": "CAACAgsticker", "file_unique_id": "AgADs", "file_size": 23456}""",
            "location",
            """
            "location": {"latitude": 52.520008, "longitude": 13.404954}""");
    Map<String, Long> updates = new HashMap<>();
    media.forEach(
        (kind, fields) -> {
          long updateId = newUpdateId();
          updates.put(kind, updateId);
          assertThat(deliver(media(updateId, fields))).as(kind).hasStatusOk();
        });

    Stored document = stored.get(CHANNEL, updates.get("document").toString());
    assertThat(document.type()).isEqualTo("document");
    assertThat(document.content()).isEqualTo("My invoice");
    assertThat(document.media())
        .containsEntry("id", "BQACAgdoc")
        .containsEntry("mime_type", "application/pdf")
        .containsEntry("filename", "invoice.pdf");

    Stored audio = stored.get(CHANNEL, updates.get("audio").toString());
    assertThat(audio.type()).isEqualTo("audio");
    assertThat(audio.media())
        .containsEntry("id", "CQACAgaudio")
        .containsEntry("mime_type", "audio/mpeg");

    Stored voice = stored.get(CHANNEL, updates.get("voice").toString());
    assertThat(voice.type()).isEqualTo("audio");
    assertThat(voice.media())
        .containsEntry("id", "AwACAgvoice")
        .containsEntry("mime_type", "audio/ogg");

    Stored video = stored.get(CHANNEL, updates.get("video").toString());
    assertThat(video.type()).isEqualTo("video");
    assertThat(video.content()).isEqualTo("Unboxing");
    assertThat(video.media())
        .containsEntry("id", "BAACAgvideo")
        .containsEntry("mime_type", "video/mp4");

    Stored sticker = stored.get(CHANNEL, updates.get("sticker").toString());
    assertThat(sticker.type()).isEqualTo("sticker");
    assertThat(sticker.content()).isEmpty();
    assertThat(sticker.media()).containsEntry("id", "CAACAgsticker");

    Stored location = stored.get(CHANNEL, updates.get("location").toString());
    assertThat(location.type()).isEqualTo("location");
    assertThat(location.media())
        .containsEntry("latitude", 52.520008)
        .containsEntry("longitude", 13.404954);
  }

  @Test
  void editedMessagesChannelPostsAndOtherUpdatesAreAcknowledgedAndIgnored() {
    for (String resource : new String[] {"telegram/edited.json", "telegram/channel-post.json"}) {
      long updateId = newUpdateId();
      String update =
          ProviderPayloads.text(
              resource,
              Map.of("updateId", Long.toString(updateId), "chatId", Long.toString(newChatId())));

      assertThat(deliver(update)).as(resource).hasStatusOk();
      assertThat(stored.count(CHANNEL, Long.toString(updateId))).as(resource).isZero();
    }
    long callback = newUpdateId();
    assertThat(
            deliver(
                "{\"update_id\": "
                    + callback
                    + ", \"callback_query\": {\"id\": \"4382bfdwdsb323b2d9\", \"data\": \"x\"}}"))
        .hasStatusOk();
    assertThat(stored.count(CHANNEL, Long.toString(callback))).isZero();
  }

  @Test
  void aBodyThatIsNotAnUpdateIs400() {
    assertThat(deliver("{\"update_id\": ")).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(deliver("")).hasStatus(HttpStatus.BAD_REQUEST);
  }
}
