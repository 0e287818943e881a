package com.omnichannel.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Limits per API key and per webhook channel answer 429 with Retry-After. */
@ApiIntegrationTest
@TestPropertySource(
    properties = {
      "omni.rate-limit.api-calls-per-minute=3",
      "omni.rate-limit.webhooks-per-second=2"
    })
class RateLimitTest {

  @Autowired MockMvcTester mvc;

  @Test
  void apiKeyOverItsLimitIs429WithRetryAfter() {
    for (int i = 0; i < 3; i++) {
      assertThat(users("Bearer globex-demo-key")).hasStatusOk();
    }

    MvcTestResult limited = users("Bearer globex-demo-key");

    assertThat(limited).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(limited).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(Long.parseLong(limited.getResponse().getHeader(HttpHeaders.RETRY_AFTER)))
        .isPositive();
  }

  @Test
  void channelOverItsLimitIs429WithRetryAfter() {
    int accepted = 0;
    MvcTestResult last = null;
    for (int i = 0; i < 10; i++) {
      last = webhook("rl-" + System.nanoTime() + "-" + i);
      if (last.getResponse().getStatus() == 201) {
        accepted++;
      } else {
        break;
      }
    }

    assertThat(accepted).isBetween(2, 9);
    assertThat(last).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(last.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
  }

  @Test
  void unsignedJunkCannotSpendASignedChannelsBudget() throws Exception {
    // Channel 2 signs its webhooks; its budget is 2 a second.
    for (int i = 0; i < 10; i++) {
      assertThat(globexWebhook("junk-" + System.nanoTime() + "-" + i, null))
          .hasStatus(HttpStatus.UNAUTHORIZED);
    }

    String body = globexBody("signed-" + System.nanoTime());
    assertThat(globexWebhook(body, hmac("globex-webhook-secret", body)))
        .hasStatus(HttpStatus.CREATED);
  }

  MvcTestResult globexWebhook(String bodyOrProviderId, String signature) {
    String body =
        bodyOrProviderId.startsWith("{") ? bodyOrProviderId : globexBody(bodyOrProviderId);
    var request =
        mvc.post().uri("/webhooks/inbound").contentType(MediaType.APPLICATION_JSON).content(body);
    if (signature != null) {
      request.header("X-Hub-Signature-256", "sha256=" + signature);
    }
    return request.exchange();
  }

  static String globexBody(String providerId) {
    return """
        {"company_id": 2, "channel_id": 2, "from": "budget@globex.example", "text": "hi", "channel_message_id": "%s"}
        """
        .formatted(providerId);
  }

  static String hmac(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  MvcTestResult users(String key) {
    return mvc.get().uri("/companies/2/users").header(HttpHeaders.AUTHORIZATION, key).exchange();
  }

  MvcTestResult webhook(String providerId) {
    return mvc.post()
        .uri("/webhooks/inbound")
        .contentType(MediaType.APPLICATION_JSON)
        .content(
            """
            {"company_id": 1, "channel_id": 1, "from": "+14440002222", "text": "hi", "channel_message_id": "%s"}
            """
                .formatted(providerId))
        .exchange();
  }
}
