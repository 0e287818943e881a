package com.omnichannel.api.provider.whatsapp;

import static com.omnichannel.api.provider.ProviderPayloads.newId;
import static com.omnichannel.api.provider.ProviderPayloads.newWaId;
import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.ProviderCalls;
import com.omnichannel.api.company.Channel;
import com.omnichannel.api.provider.ProviderPayloads;
import com.omnichannel.api.provider.StoredMessages;
import com.omnichannel.api.provider.StoredMessages.Stored;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo's WhatsApp Cloud API channel 3 (phone_number_id 106540352242922) takes Meta's own
 * notifications: its subscription check, signatures, batches, every message type, and statuses that
 * only move forward.
 */
@ApiIntegrationTest
class WhatsAppWebhookTest {

  static final long CHANNEL = 3;
  static final String PATH = "/webhooks/whatsapp/" + CHANNEL;
  static final String APP_SECRET = "demo-whatsapp-app-secret";
  static final String VERIFY_TOKEN = "demo-whatsapp-verify-token";

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  StoredMessages stored;

  @BeforeEach
  void readBack() {
    stored = new StoredMessages(jdbc, transaction);
  }

  static String signature(String body) {
    return "sha256=" + Channel.hmacSha256Hex(APP_SECRET, body.getBytes(StandardCharsets.UTF_8));
  }

  MvcTestResult notify(String body, String signature) {
    Map<String, String> headers = new HashMap<>();
    if (signature != null) {
      headers.put("X-Hub-Signature-256", signature);
    }
    return ProviderCalls.post(
        mvc, PATH, MediaType.APPLICATION_JSON, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  MvcTestResult notifySigned(String body) {
    return notify(body, signature(body));
  }

  static String textMessage(String from, String wamid) {
    return ProviderPayloads.text(
        "whatsapp/text.json", Map.of("from", from, "wamid", wamid, "name", "Sheena Nelson"));
  }

  MvcTestResult verify(String mode, String token, String challenge) {
    var request = mvc.get().uri(PATH);
    if (mode != null) {
      request = request.param("hub.mode", mode);
    }
    if (token != null) {
      request = request.param("hub.verify_token", token);
    }
    if (challenge != null) {
      request = request.param("hub.challenge", challenge);
    }
    return request.exchange();
  }

  @Test
  void theSubscriptionCheckWithTheVerifyTokenIsAnsweredWithTheChallenge() throws Exception {
    MvcTestResult result = verify("subscribe", VERIFY_TOKEN, "1158201444");

    assertThat(result).hasStatusOk();
    assertThat(result.getResponse().getContentType()).startsWith(MediaType.TEXT_PLAIN_VALUE);
    assertThat(result.getResponse().getContentAsString()).isEqualTo("1158201444");
  }

  @Test
  void aSubscriptionCheckWithAnotherTokenOrModeIs403() {
    assertThat(verify("subscribe", "not-the-token", "1158201444")).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(verify("unsubscribe", VERIFY_TOKEN, "1158201444")).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(verify("subscribe", null, "1158201444")).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(verify(null, null, null)).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(verify("subscribe", VERIFY_TOKEN, "1158201444"))
        .hasStatusOk(); // the right one still passes
  }

  /**
   * Meta's documented text message, signed with a vector computed outside this code base ({@code
   * openssl dgst -sha256 -hmac demo-whatsapp-app-secret}), so that a mistake shared by the test's
   * signing and the check cannot pass unnoticed. A run against a database that has it already
   * stores it no second time, which is the point of the next test.
   */
  @Test
  void metasDocumentedTextMessageSignedAsMetaSignsIsStored() {
    String wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
    String body = textMessage("16505551234", wamid);

    MvcTestResult result =
        notify(body, "sha256=dce05c0923554c95074555d65f020640486c0eeb5ff956dfa97eb09d8a0d9cf8");

    assertThat(result).hasStatusOk();
    assertThat(stored.count(CHANNEL, wamid)).isEqualTo(1);
    Stored message = stored.get(CHANNEL, wamid);
    assertThat(message.type()).isEqualTo("text");
    assertThat(message.content()).isEqualTo("Does it come in another color?");
    assertThat(message.phone()).isEqualTo("+16505551234");
    assertThat(message.contactName()).isEqualTo("Sheena Nelson");
  }

  @Test
  void aMissingOrWrongSignatureIs401AndStoresNothing() {
    String wamid = newId("wamid.unsigned.");
    String body = textMessage(newWaId(), wamid);

    MvcTestResult unsigned = notify(body, null);
    assertThat(unsigned).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(unsigned).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(unsigned.getResponse().getHeader("WWW-Authenticate"))
        .contains("X-Hub-Signature-256");
    assertThat(notify(body, "sha256=" + "0".repeat(64))).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(notify(body, signature(body).replace("sha256=", "sha1=")))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(notify(body.replace("another color", "any color"), signature(body)))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(
            notify(
                body,
                "sha256="
                    + Channel.hmacSha256Hex(
                        "not-the-app-secret", body.getBytes(StandardCharsets.UTF_8))))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(stored.count(CHANNEL, wamid)).isZero();
  }

  @Test
  void aRedeliveredNotificationIsStoredOnce() {
    String wamid = newId("wamid.replay.");
    String body = textMessage(newWaId(), wamid);

    assertThat(notifySigned(body)).hasStatusOk();
    assertThat(notifySigned(body)).hasStatusOk();

    assertThat(stored.count(CHANNEL, wamid)).isEqualTo(1);
  }

  @Test
  void aBatchOfTwoEntriesFromTwoContactsStoresEveryMessageAndNamesEachContact() {
    String wamid = newId("wamid.batch.");
    String fromA = newWaId();
    String fromB = newWaId();
    String body =
        ProviderPayloads.text(
            "whatsapp/batch.json",
            Map.of(
                "wamid", wamid,
                "fromA", fromA,
                "nameA", "Ana Alves",
                "fromB", fromB,
                "nameB", "Bo Berg"));

    assertThat(notifySigned(body)).hasStatusOk();

    for (String a : new String[] {".a1", ".a2"}) {
      Stored message = stored.get(CHANNEL, wamid + a);
      assertThat(message.phone()).isEqualTo("+" + fromA);
      assertThat(message.contactName()).isEqualTo("Ana Alves");
    }
    for (String b : new String[] {".b1", ".b2", ".b3"}) {
      Stored message = stored.get(CHANNEL, wamid + b);
      assertThat(message.phone()).isEqualTo("+" + fromB);
      assertThat(message.contactName()).isEqualTo("Bo Berg");
    }
    assertThat(stored.get(CHANNEL, wamid + ".b3").content()).isEqualTo("Third from B");
    assertThat(stored.get(CHANNEL, wamid + ".a1").conversationId())
        .isEqualTo(stored.get(CHANNEL, wamid + ".a2").conversationId())
        .isNotEqualTo(stored.get(CHANNEL, wamid + ".b1").conversationId());
  }

  @Test
  void everyMessageTypeIsStoredWithItsTypeAndMedia() {
    String wamid = newId("wamid.media.");
    String body =
        ProviderPayloads.text("whatsapp/media.json", Map.of("wamid", wamid, "from", newWaId()));

    assertThat(notifySigned(body)).hasStatusOk();

    Stored image = stored.get(CHANNEL, wamid + ".image");
    assertThat(image.type()).isEqualTo("image");
    assertThat(image.content()).isEqualTo("Here is the damaged box");
    assertThat(image.media())
        .containsEntry("id", "1003383421387256")
        .containsEntry("mime_type", "image/jpeg")
        .containsEntry("caption", "Here is the damaged box");

    Stored audio = stored.get(CHANNEL, wamid + ".audio");
    assertThat(audio.type()).isEqualTo("audio");
    assertThat(audio.content()).isEmpty();
    assertThat(audio.media())
        .containsEntry("id", "1008491651378498")
        .containsEntry("mime_type", "audio/ogg; codecs=opus");

    Stored video = stored.get(CHANNEL, wamid + ".video");
    assertThat(video.type()).isEqualTo("video");
    assertThat(video.content()).isEqualTo("Unboxing");
    assertThat(video.media()).containsEntry("id", "1214166460162573");

    Stored sticker = stored.get(CHANNEL, wamid + ".sticker");
    assertThat(sticker.type()).isEqualTo("sticker");
    assertThat(sticker.media())
        .containsEntry("id", "1222284339312395")
        .containsEntry("mime_type", "image/webp");

    Stored document = stored.get(CHANNEL, wamid + ".document");
    assertThat(document.type()).isEqualTo("document");
    assertThat(document.content()).isEqualTo("My invoice");
    assertThat(document.media())
        .containsEntry("id", "1040291771327542")
        .containsEntry("mime_type", "application/pdf")
        .containsEntry("filename", "invoice-2025-06.pdf");

    Stored location = stored.get(CHANNEL, wamid + ".location");
    assertThat(location.type()).isEqualTo("location");
    assertThat(location.content()).isEmpty();
    assertThat(location.media())
        .containsEntry("latitude", 37.483307)
        .containsEntry("longitude", -122.148981)
        .containsEntry("name", "Meta Headquarters")
        .containsEntry("address", "1 Hacker Way, Menlo Park, CA 94025");

    Stored contacts = stored.get(CHANNEL, wamid + ".contacts");
    assertThat(contacts.type()).isEqualTo("contacts");
    assertThat(contacts.media()).containsEntry("name", "Barbara J. Johnson");

    Stored buttonReply = stored.get(CHANNEL, wamid + ".button-reply");
    assertThat(buttonReply.type()).isEqualTo("interactive");
    assertThat(buttonReply.content()).isEqualTo("Change");

    assertThat(stored.get(CHANNEL, wamid + ".list-reply").content())
        .isEqualTo("Priority Mail Express");

    Stored button = stored.get(CHANNEL, wamid + ".button");
    assertThat(button.type()).isEqualTo("button");
    assertThat(button.content()).isEqualTo("Unsubscribe from promotions");

    Stored reaction = stored.get(CHANNEL, wamid + ".reaction");
    assertThat(reaction.type()).isEqualTo("reaction");
    assertThat(reaction.media())
        .containsEntry("emoji", "\uD83D\uDC4D")
        .containsEntry("reacts_to", "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1QjJGRjI1RDY0RkE4Nzg4QzcD");

    Stored unsupported = stored.get(CHANNEL, wamid + ".unsupported");
    assertThat(unsupported.type()).isEqualTo("unsupported");
    assertThat(unsupported.content()).isEmpty();
    assertThat(unsupported.media()).isNull();
  }

  /** A conversation on the channel with an AI reply Meta took as {@code wamid}. */
  String sentReply() {
    String inbound = newId("wamid.question.");
    assertThat(notifySigned(textMessage(newWaId(), inbound))).hasStatusOk();
    String outbound = newId("wamid.reply.");
    stored.sentReply(stored.get(CHANNEL, inbound).conversationId(), outbound);
    return outbound;
  }

  MvcTestResult status(String wamid, String status) {
    return notifySigned(
        ProviderPayloads.text(
            "whatsapp/status.json",
            Map.of("wamid", wamid, "status", status, "recipient", newWaId())));
  }

  @Test
  void statusesOnlyMoveForward() {
    String readFirst = sentReply();
    assertThat(status(readFirst, "read")).hasStatusOk();
    assertThat(status(readFirst, "delivered")).hasStatusOk();
    assertThat(stored.delivery(readFirst).status()).isEqualTo("read");

    String deliveredFirst = sentReply();
    assertThat(status(deliveredFirst, "delivered")).hasStatusOk();
    assertThat(status(deliveredFirst, "sent")).hasStatusOk();
    assertThat(stored.delivery(deliveredFirst).status()).isEqualTo("delivered");
  }

  @Test
  void aFailedStatusFailsTheMessageWithMetasCodeAndTitle() {
    String wamid = sentReply();

    assertThat(
            notifySigned(
                ProviderPayloads.text(
                    "whatsapp/status-failed.json", Map.of("wamid", wamid, "recipient", newWaId()))))
        .hasStatusOk();

    assertThat(stored.delivery(wamid))
        .isEqualTo(new StoredMessages.Delivery("failed", "131047 Re-engagement message"));
  }

  @Test
  void aStatusOfAMessageWeDoNotKnowIsAcknowledged() {
    assertThat(status(newId("wamid.elsewhere."), "delivered")).hasStatusOk();
  }

  @Test
  void changesOfOtherFieldsAndOtherObjectsAreAcknowledgedAndIgnored() {
    assertThat(notifySigned(ProviderPayloads.text("whatsapp/other-field.json", Map.of())))
        .hasStatusOk();

    String wamid = newId("wamid.page.");
    String page = textMessage(newWaId(), wamid).replace("whatsapp_business_account", "page");
    assertThat(notifySigned(page)).hasStatusOk();
    assertThat(stored.count(CHANNEL, wamid)).isZero();
  }

  @Test
  void messagesOfAnotherNumberOfTheSameAppAreNotThisChannels() {
    String wamid = newId("wamid.other-number.");
    String body = textMessage(newWaId(), wamid).replace("106540352242922", "999999999999999");

    assertThat(notifySigned(body)).hasStatusOk();
    assertThat(stored.count(CHANNEL, wamid)).isZero();
  }

  @Test
  void aSignedBodyThatIsNotJsonIs400() {
    assertThat(notifySigned("{\"object\": ")).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(notifySigned("[]")).hasStatus(HttpStatus.BAD_REQUEST);
  }

  @Test
  void theCorrelationIdIsTakenOrMadeAndAnswered() {
    String body = textMessage(newWaId(), newId("wamid.traced."));

    MvcTestResult traced =
        ProviderCalls.post(
            mvc,
            PATH,
            MediaType.APPLICATION_JSON,
            body.getBytes(StandardCharsets.UTF_8),
            Map.of("X-Hub-Signature-256", signature(body), "X-Correlation-Id", "meta-trace-1"));

    assertThat(traced).hasStatusOk();
    assertThat(traced).hasHeader("X-Correlation-Id", "meta-trace-1");
    assertThat(
            notifySigned(textMessage(newWaId(), newId("wamid.untraced.")))
                .getResponse()
                .getHeader("X-Correlation-Id"))
        .isNotBlank();
  }
}
