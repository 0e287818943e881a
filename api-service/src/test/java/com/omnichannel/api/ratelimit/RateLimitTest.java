package com.omnichannel.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.ProviderCalls;
import com.omnichannel.testing.TestWebhook;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Limits per company, per webhook channel and per client address (of failed credential look-ups)
 * answer 429 with Retry-After.
 */
@ApiIntegrationTest
@TestPropertySource(
    properties = {
      "omni.rate-limit.api-calls-per-minute=3",
      "omni.rate-limit.webhooks-per-second=2",
      "omni.rate-limit.auth-failed-lookups-per-second-per-address=2"
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

  /** A second key of the same company draws on the same budget: more keys buy no more calls. */
  @Test
  void theCompanysKeysShareOneLimit() throws Exception {
    MvcTestResult company =
        mvc.post()
            .uri("/admin/companies")
            .header(HttpHeaders.AUTHORIZATION, "Bearer test-admin-token")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"Two Keys Co\"}")
            .exchange();
    String body = company.getResponse().getContentAsString();
    String first = "Bearer " + body.replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
    long companyId = Long.parseLong(body.replaceAll("^\\{\"id\":([0-9]+),.*", "$1"));
    MvcTestResult issued =
        mvc.post()
            .uri("/companies/" + companyId + "/api-keys")
            .header(HttpHeaders.AUTHORIZATION, first)
            .exchange();
    String second =
        "Bearer "
            + issued
                .getResponse()
                .getContentAsString()
                .replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
    String users = "/companies/" + companyId + "/users";
    assertThat(get(users, first)).hasStatusOk();
    assertThat(get(users, second)).hasStatusOk();

    MvcTestResult limited = get(users, second);

    assertThat(limited).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(limited).bodyJson().extractingPath("$.detail").asString().contains("company");
    assertThat(get(users, first)).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
  }

  MvcTestResult get(String path, String key) {
    return mvc.get().uri(path).header(HttpHeaders.AUTHORIZATION, key).exchange();
  }

  @Test
  void channelOverItsLimitIs429WithRetryAfter() {
    int accepted = 0;
    MvcTestResult last = null;
    for (int i = 0; i < 10; i++) {
      last = deliver(TestWebhook.inbound().company(1).channel(1));
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
  void unsignedJunkCannotSpendASignedChannelsBudget() {
    // Channel 2 signs its webhooks; its budget is 2 a second.
    for (int i = 0; i < 10; i++) {
      assertThat(deliver(globexWebhook())).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    assertThat(deliver(globexWebhook().signedWith("globex-webhook-secret")))
        .hasStatus(HttpStatus.CREATED);
  }

  /**
   * The providers' own webhooks spend their channel's budget the same way, once their proof is
   * checked: the demo's Telegram channel 5.
   */
  @Test
  void aProvidersWebhookOverItsChannelsLimitIs429WithRetryAfterAndJunkSpendsNothing() {
    for (int i = 0; i < 10; i++) {
      assertThat(telegram("not-the-secret-token")).hasStatus(HttpStatus.UNAUTHORIZED);
    }
    int accepted = 0;
    MvcTestResult last = null;
    for (int i = 0; i < 10; i++) {
      last = telegram("demo-telegram-secret-token");
      if (last.getResponse().getStatus() == 200) {
        accepted++;
      } else {
        break;
      }
    }

    assertThat(accepted).isBetween(2, 9);
    assertThat(last).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(last).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(last.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
  }

  /** An update to the demo's Telegram bot, with a new update id, proven by {@code secretToken}. */
  MvcTestResult telegram(String secretToken) {
    long updateId = ThreadLocalRandom.current().nextLong(1L, Long.MAX_VALUE);
    String update =
        "{\"update_id\": %d, \"message\": {\"message_id\": 1, \"chat\": {\"id\": 77001,"
                .formatted(updateId)
            + " \"type\": \"private\"}, \"text\": \"Budget?\"}}";
    return ProviderCalls.post(
        mvc,
        "/webhooks/telegram/5",
        MediaType.APPLICATION_JSON,
        update.getBytes(StandardCharsets.UTF_8),
        Map.of("X-Telegram-Bot-Api-Secret-Token", secretToken));
  }

  /** A message to Globex's email channel 2. */
  static TestWebhook globexWebhook() {
    return TestWebhook.inbound().company(2).channel(2).from("budget@globex.example");
  }

  /**
   * Made-up keys, well formed and each new, from one address spend that address's budget of failed
   * look-ups only: another address's made-up key is still checked (401, not 429).
   */
  @Test
  void madeUpKeysFromOneAddressDoNotThrottleAnother() {
    MvcTestResult last = null;
    for (int i = 0; i < 50; i++) {
      last = usersFrom("203.0.113.7", "Bearer " + madeUpKey());
      if (last.getResponse().getStatus() != 401) {
        break;
      }
    }
    assertThat(last).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(last.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");

    assertThat(usersFrom("198.51.100.9", "Bearer " + madeUpKey()))
        .hasStatus(HttpStatus.UNAUTHORIZED);
  }

  static String madeUpKey() {
    byte[] secret = new byte[32];
    ThreadLocalRandom.current().nextBytes(secret);
    return "omni_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  MvcTestResult usersFrom(String address, String key) {
    return mvc.get()
        .uri("/companies/2/users")
        .header(HttpHeaders.AUTHORIZATION, key)
        .with(
            request -> {
              request.setRemoteAddr(address);
              return request;
            })
        .exchange();
  }

  MvcTestResult users(String key) {
    return mvc.get().uri("/companies/2/users").header(HttpHeaders.AUTHORIZATION, key).exchange();
  }

  /** A provider's call, without an API key. */
  MvcTestResult deliver(TestWebhook webhook) {
    return ProviderCalls.deliver(mvc, webhook);
  }
}
