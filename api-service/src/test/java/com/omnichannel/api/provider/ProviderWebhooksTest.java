package com.omnichannel.api.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.ProviderCalls;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * What the three providers' webhooks share: their URLs name a channel of theirs (any other id is
 * 404, whether it does not exist or is another provider's), they need no API key, they are held to
 * the body limit, and the channels' secrets never show.
 */
@ApiIntegrationTest
class ProviderWebhooksTest {

  static final long WHATSAPP = 3;
  static final long TWILIO = 4;
  static final long TELEGRAM = 5;
  static final long GENERIC = 1;
  static final long NONE = 987_654_321;

  @Autowired MockMvcTester mvc;

  MvcTestResult post(String path, MediaType type, String body) {
    return ProviderCalls.post(mvc, path, type, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  MvcTestResult whatsapp(long channel) {
    return post("/webhooks/whatsapp/" + channel, MediaType.APPLICATION_JSON, "{}");
  }

  MvcTestResult twilio(long channel) {
    return post(
        "/webhooks/twilio/" + channel, MediaType.APPLICATION_FORM_URLENCODED, "MessageSid=SM1");
  }

  MvcTestResult twilioStatus(long channel) {
    return post(
        "/webhooks/twilio/" + channel + "/status",
        MediaType.APPLICATION_FORM_URLENCODED,
        "MessageSid=SM1&MessageStatus=delivered");
  }

  MvcTestResult telegram(long channel) {
    return post("/webhooks/telegram/" + channel, MediaType.APPLICATION_JSON, "{\"update_id\": 1}");
  }

  MvcTestResult verification(long channel) {
    return mvc.get()
        .uri("/webhooks/whatsapp/" + channel)
        .param("hub.mode", "subscribe")
        .param("hub.verify_token", "demo-whatsapp-verify-token")
        .param("hub.challenge", "42")
        .exchange();
  }

  static void assertNotFound(MvcTestResult result, long channel) {
    assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.detail")
        .isEqualTo("Channel " + channel + " not found");
  }

  @Test
  void aChannelThatDoesNotExistIs404OnEveryProvidersPath() {
    assertNotFound(whatsapp(NONE), NONE);
    assertNotFound(verification(NONE), NONE);
    assertNotFound(twilio(NONE), NONE);
    assertNotFound(twilioStatus(NONE), NONE);
    assertNotFound(telegram(NONE), NONE);
  }

  @Test
  void aChannelOfAnotherProviderGetsTheSame404() {
    assertNotFound(whatsapp(TWILIO), TWILIO);
    assertNotFound(whatsapp(GENERIC), GENERIC);
    assertNotFound(verification(TELEGRAM), TELEGRAM);
    assertNotFound(twilio(WHATSAPP), WHATSAPP);
    assertNotFound(twilioStatus(TELEGRAM), TELEGRAM);
    assertNotFound(telegram(WHATSAPP), WHATSAPP);
    assertNotFound(telegram(GENERIC), GENERIC);
  }

  /** The providers' proofs answer, not the API key's 401 of Spring Security. */
  @Test
  void theWebhooksNeedNoApiKeyButTheirProvidersProof() {
    assertThat(whatsapp(WHATSAPP)).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(whatsapp(WHATSAPP).getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
        .contains("X-Hub-Signature-256");
    assertThat(twilio(TWILIO)).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(twilioStatus(TWILIO)).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(telegram(TELEGRAM)).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(telegram(TELEGRAM).getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
        .contains("X-Telegram-Bot-Api-Secret-Token");
  }

  @Test
  void aBodyOverTheProvidersLimitIs413() {
    // Over the 3 MiB a provider's webhook may carry (a generic webhook's limit is 64 KiB).
    String large = "{\"update_id\": 1, \"padding\": \"" + "x".repeat(3_200_000) + "\"}";

    MvcTestResult result =
        ProviderCalls.post(
            mvc,
            "/webhooks/telegram/" + TELEGRAM,
            MediaType.APPLICATION_JSON,
            large.getBytes(StandardCharsets.UTF_8),
            Map.of("X-Telegram-Bot-Api-Secret-Token", "demo-telegram-secret-token"));

    assertThat(result).hasStatus(HttpStatus.CONTENT_TOO_LARGE);
    assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void channelsOfEveryProviderAreListedWithoutTheirSecrets() throws Exception {
    MvcTestResult list =
        mvc.get()
            .uri("/companies/1/channels")
            .header(HttpHeaders.AUTHORIZATION, "Bearer acme-demo-key")
            .exchange();

    assertThat(list).hasStatusOk();
    String body = list.getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(body)
        .contains("106540352242922", "AC00000000000000000000000000000001")
        .doesNotContain(
            "demo-whatsapp-access-token",
            "demo-whatsapp-app-secret",
            "demo-whatsapp-verify-token",
            "demo-twilio-auth-token",
            "demo-telegram-bot-token",
            "demo-telegram-secret-token",
            "access_token",
            "app_secret",
            "verify_token",
            "auth_token",
            "bot_token",
            "secret_token");
  }
}
