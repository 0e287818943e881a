package com.omnichannel.api.provider.twilio;

import static com.omnichannel.api.provider.ProviderPayloads.newId;
import static com.omnichannel.api.provider.ProviderPayloads.newWaId;
import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.ProviderCalls;
import com.omnichannel.api.provider.ProviderPayloads;
import com.omnichannel.api.provider.StoredMessages;
import com.omnichannel.api.provider.StoredMessages.Stored;
import com.omnichannel.api.provider.twilio.TwilioForm.Parameter;
import com.twilio.security.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
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
 * The demo's Twilio SMS channel 4 takes Twilio's own form posts, signed Twilio's way over the URL
 * as it arrived (no OMNI_PUBLIC_BASE_URL here; MockMvc's requests arrive at http://localhost).
 */
@ApiIntegrationTest
class TwilioWebhookTest {

  static final long CHANNEL = 4;
  static final String PATH = "/webhooks/twilio/" + CHANNEL;
  static final String STATUS_PATH = PATH + "/status";
  static final String AUTH_TOKEN = "demo-twilio-auth-token";
  static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  StoredMessages stored;

  @BeforeEach
  void readBack() {
    stored = new StoredMessages(jdbc, transaction);
  }

  /** The signature Twilio sends for a post of these parameters to {@code url}. */
  static String signature(String url, List<Map.Entry<String, String>> params) {
    return TwilioSignature.sign(
        AUTH_TOKEN,
        url,
        params.stream().map(p -> new Parameter(p.getKey(), p.getValue())).toList());
  }

  MvcTestResult post(String pathAndQuery, List<Map.Entry<String, String>> params, String sig) {
    Map<String, String> headers = new HashMap<>();
    if (sig != null) {
      headers.put("X-Twilio-Signature", sig);
    }
    return ProviderCalls.post(
        mvc,
        pathAndQuery,
        MediaType.APPLICATION_FORM_URLENCODED,
        ProviderPayloads.encode(params).getBytes(StandardCharsets.UTF_8),
        headers);
  }

  MvcTestResult postSigned(String pathAndQuery, List<Map.Entry<String, String>> params) {
    return post(pathAndQuery, params, signature("http://localhost" + pathAndQuery, params));
  }

  static List<Map.Entry<String, String>> sms(String sid, String from, String body) {
    return ProviderPayloads.form(
        "twilio/incoming-sms.form", Map.of("sid", sid, "from", from, "body", body));
  }

  @Test
  void anIncomingSmsIsStoredAndAnsweredWithEmptyTwiml() throws Exception {
    String sid = newId("SM");
    String from = "+" + newWaId();
    var params = sms(sid, from, "Is my order on its way?");
    String signature = signature("http://localhost" + PATH, params);
    // Twilio's own helper takes the same request as Twilio's.
    assertThat(
            new RequestValidator(AUTH_TOKEN)
                .validate("http://localhost" + PATH, ProviderPayloads.asMap(params), signature))
        .isTrue();

    MvcTestResult result = post(PATH, params, signature);

    assertThat(result).hasStatusOk();
    assertThat(result.getResponse().getContentType()).startsWith(MediaType.TEXT_XML_VALUE);
    assertThat(result.getResponse().getContentAsString()).isEqualTo(EMPTY_TWIML);
    Stored message = stored.get(CHANNEL, sid);
    assertThat(message.type()).isEqualTo("text");
    assertThat(message.content()).isEqualTo("Is my order on its way?");
    assertThat(message.phone()).isEqualTo(from);
    assertThat(message.media()).isNull();
  }

  @Test
  void aMissingOrWrongSignatureIs403AndStoresNothing() {
    String sid = newId("SM");
    var params = sms(sid, "+" + newWaId(), "Let me in");

    MvcTestResult unsigned = post(PATH, params, null);
    assertThat(unsigned).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(unsigned).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(post(PATH, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(post(PATH, params, signature("http://localhost/webhooks/twilio/5", params)))
        .hasStatus(HttpStatus.FORBIDDEN);
    var tampered = sms(sid, "+" + newWaId(), "Let me in!");
    assertThat(post(PATH, tampered, signature("http://localhost" + PATH, params)))
        .hasStatus(HttpStatus.FORBIDDEN);
    assertThat(
            post(
                PATH,
                params,
                TwilioSignature.sign(
                    "another-token",
                    "http://localhost" + PATH,
                    params.stream().map(p -> new Parameter(p.getKey(), p.getValue())).toList())))
        .hasStatus(HttpStatus.FORBIDDEN);
    assertThat(stored.count(CHANNEL, sid)).isZero();
  }

  @Test
  void aRepeatedMessageSidIsStoredOnce() {
    String sid = newId("SM");
    var params = sms(sid, "+" + newWaId(), "Twice?");

    assertThat(postSigned(PATH, params)).hasStatusOk();
    assertThat(postSigned(PATH, params)).hasStatusOk();

    assertThat(stored.count(CHANNEL, sid)).isEqualTo(1);
  }

  /** The query string is signed as part of the URL; its parameters are not the body's. */
  @Test
  void queryParametersAreSignedInTheUrlOnly() {
    String sid = newId("SM");
    var params = sms(sid, "+" + newWaId(), "With a query");

    assertThat(postSigned(PATH + "?tenant=acme&Body=ignored", params)).hasStatusOk();

    assertThat(stored.get(CHANNEL, sid).content()).isEqualTo("With a query");
  }

  @Test
  void aWhatsAppSenderLosesItsPrefixAndKeepsItsProfileName() {
    String sid = newId("SM");
    String waId = newWaId();
    var params =
        ProviderPayloads.form(
            "twilio/incoming-whatsapp.form",
            Map.of("sid", sid, "waId", waId, "name", "Joana Dias", "body", "Olá!"));

    assertThat(postSigned(PATH, params)).hasStatusOk();

    Stored message = stored.get(CHANNEL, sid);
    assertThat(message.phone()).isEqualTo("+" + waId);
    assertThat(message.contactName()).isEqualTo("Joana Dias");
    assertThat(message.content()).isEqualTo("Olá!");
  }

  MvcTestResult mms(String sid, String contentType, String body) {
    return postSigned(
        PATH,
        ProviderPayloads.form(
            "twilio/incoming-mms.form",
            Map.of("sid", sid, "from", "+" + newWaId(), "body", body, "contentType", contentType)));
  }

  @Test
  void theFirstMediaOfAMessageIsStoredByItsContentType() {
    String image = newId("MM");
    assertThat(mms(image, "image/jpeg", "The broken part")).hasStatusOk();
    Stored stored = this.stored.get(CHANNEL, image);
    assertThat(stored.type()).isEqualTo("image");
    assertThat(stored.content()).isEqualTo("The broken part");
    assertThat(stored.media())
        .containsEntry("mime_type", "image/jpeg")
        .containsEntry("caption", "The broken part")
        .containsEntry(
            "url",
            "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000001"
                + "/Messages/"
                + image
                + "/Media/ME0000000000000000000000000000000a");

    Map<String, String> expected =
        Map.of(
            "audio/amr", "audio",
            "video/mp4", "video",
            "application/pdf", "document",
            "text/vcard", "document");
    expected.forEach(
        (contentType, type) -> {
          String sid = newId("MM");
          assertThat(mms(sid, contentType, "")).hasStatusOk();
          assertThat(this.stored.get(CHANNEL, sid).type()).as(contentType).isEqualTo(type);
          assertThat(this.stored.get(CHANNEL, sid).media()).containsEntry("mime_type", contentType);
        });
  }

  /** A conversation on the channel with an AI reply Twilio took as {@code sid}. */
  String sentReply() {
    String inbound = newId("SM");
    assertThat(postSigned(PATH, sms(inbound, "+" + newWaId(), "Question"))).hasStatusOk();
    String outbound = newId("SM");
    stored.sentReply(stored.get(CHANNEL, inbound).conversationId(), outbound);
    return outbound;
  }

  MvcTestResult status(String sid, String status) {
    return postSigned(
        STATUS_PATH,
        ProviderPayloads.form(
            "twilio/status.form", Map.of("sid", sid, "status", status, "to", "+" + newWaId())));
  }

  @Test
  void statusCallbacksOnlyMoveForward() throws Exception {
    String sid = sentReply();

    MvcTestResult queued = status(sid, "queued");
    assertThat(queued).hasStatusOk();
    assertThat(queued.getResponse().getContentAsString()).isEqualTo(EMPTY_TWIML);
    assertThat(stored.delivery(sid).status()).isEqualTo("sent");

    assertThat(status(sid, "delivered")).hasStatusOk();
    assertThat(status(sid, "sent")).hasStatusOk();
    assertThat(stored.delivery(sid).status()).isEqualTo("delivered");

    assertThat(status(sid, "read")).hasStatusOk();
    assertThat(status(sid, "delivered")).hasStatusOk();
    assertThat(stored.delivery(sid).status()).isEqualTo("read");
  }

  @Test
  void undeliveredFailsTheMessageWithTwiliosErrorCode() {
    String sid = sentReply();

    assertThat(
            postSigned(
                STATUS_PATH,
                ProviderPayloads.form(
                    "twilio/status-failed.form",
                    Map.of(
                        "sid",
                        sid,
                        "status",
                        "undelivered",
                        "errorCode",
                        "30003",
                        "to",
                        "+" + newWaId()))))
        .hasStatusOk();

    assertThat(stored.delivery(sid))
        .isEqualTo(new StoredMessages.Delivery("failed", "Twilio error 30003"));
  }

  @Test
  void aStatusCallbackIsSignedLikeAMessage() {
    String sid = sentReply();
    var params =
        ProviderPayloads.form(
            "twilio/status.form", Map.of("sid", sid, "status", "delivered", "to", "+15550001"));

    assertThat(post(STATUS_PATH, params, null)).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(post(STATUS_PATH, params, signature("http://localhost" + PATH, params)))
        .hasStatus(HttpStatus.FORBIDDEN);
    assertThat(stored.delivery(sid).status()).isEqualTo("sent");
  }

  @Test
  void aStatusOfAMessageWeDoNotKnowIsAcknowledged() {
    assertThat(status(newId("SM"), "delivered")).hasStatusOk();
  }
}
