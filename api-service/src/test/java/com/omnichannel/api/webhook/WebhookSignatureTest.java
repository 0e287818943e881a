package com.omnichannel.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.company.Channel;
import com.omnichannel.testing.TestWebhook;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Channel 2 (Globex email) signs its webhooks with the demo secret. */
@ApiIntegrationTest
class WebhookSignatureTest {

  static final String SECRET = "globex-webhook-secret";

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;

  /** A message to Globex's email channel 2, unsigned until the test signs it. */
  static TestWebhook globexWebhook(String providerId) {
    return TestWebhook.inbound()
        .company(2)
        .channel(2)
        .from("client@globex.com")
        .text("Invoice?")
        .channelMessageId(providerId);
  }

  MvcTestResult deliver(TestWebhook webhook) {
    return deliver(webhook.json(), webhook.headers().get(TestWebhook.SIGNATURE_HEADER));
  }

  MvcTestResult deliver(String body, String signature) {
    var request =
        mvc.post().uri("/webhooks/inbound").contentType(MediaType.APPLICATION_JSON).content(body);
    return (signature == null ? request : request.header("X-Hub-Signature-256", signature))
        .exchange();
  }

  long stored(String providerId) {
    return jdbc.sql("SELECT COUNT(*) FROM messages WHERE channel_id = 2 AND channel_message_id = ?")
        .param(providerId)
        .query(Long.class)
        .single();
  }

  @Test
  void rightSignatureIsAccepted() {
    String providerId = "signed-" + System.nanoTime();

    assertThat(deliver(globexWebhook(providerId).signedWith(SECRET))).hasStatus(HttpStatus.CREATED);
    assertThat(stored(providerId)).isEqualTo(1);
  }

  /**
   * A vector computed outside this code base, so that a mistake shared by {@link
   * TestWebhook#signature} and the verifier (wrong key encoding, digest, hex case) cannot pass
   * unnoticed: {@code printf '%s' "$body" | openssl dgst -sha256 -hmac globex-webhook-secret}.
   */
  @Test
  void signatureComputedWithOpensslIsAccepted() {
    String body =
        "{\"company_id\": 2, \"channel_id\": 2, \"from\": \"client@globex.com\","
            + " \"text\": \"Known answer\", \"channel_message_id\": \"kat-2026-11-26\"}";
    String signature = "sha256=f4f82f5f5ddd4135215061947afcb4af6658a96ef60ea1cae3c1ee1500dad17f";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Channel globexEmail = new Channel(2, 2, "Email Support", "email", SECRET, null);

    assertThatCode(() -> WebhookSignature.verify(globexEmail, bytes, signature))
        .doesNotThrowAnyException();
    assertThat(deliver(body, signature)).hasStatus(HttpStatus.CREATED);
    assertThat(stored("kat-2026-11-26")).isEqualTo(1);
  }

  @Test
  void missingSignatureIs401AndStoresNothing() {
    String providerId = "unsigned-" + System.nanoTime();

    MvcTestResult result = deliver(globexWebhook(providerId));

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result.getResponse().getHeader("WWW-Authenticate")).contains("X-Hub-Signature-256");
    assertThat(stored(providerId)).isZero();
  }

  @Test
  void wrongSignatureIs401AndStoresNothing() {
    String providerId = "wrong-" + System.nanoTime();
    String body = globexWebhook(providerId).json();

    assertThat(deliver(body, "sha256=" + "0".repeat(64))).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(deliver(body, "sha1=abc")).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(deliver(globexWebhook(providerId).signedWith("not-the-secret")))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(stored(providerId)).isZero();
  }

  @Test
  void bodyAlteredAfterSigningIs401() {
    String providerId = "altered-" + System.nanoTime();
    String signature = TestWebhook.signature(SECRET, globexWebhook(providerId).json());
    String altered = globexWebhook(providerId).text("Send me everything").json();

    assertThat(deliver(altered, signature)).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(stored(providerId)).isZero();
  }

  @Test
  void channelsWithoutASecretTakeUnsignedDeliveries() {
    TestWebhook acmeWhatsApp = TestWebhook.inbound().company(1).channel(1);

    assertThat(deliver(acmeWhatsApp)).hasStatus(HttpStatus.CREATED);
  }
}
