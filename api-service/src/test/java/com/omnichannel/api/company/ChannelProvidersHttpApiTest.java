package com.omnichannel.api.company;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.testing.TestSecrets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Channels of real providers over HTTP: each provider's account is checked when it is given, its
 * secrets are stored sealed and never shown again, and its API base passes the address policy.
 */
@ApiIntegrationTest
class ChannelProvidersHttpApiTest {

  static final String ACME_KEY = "Bearer acme-demo-key";

  static final String WHATSAPP =
      """
      {"name": "WA", "type": "whatsapp", "provider": "whatsapp_cloud",
       "provider_config": {"phone_number_id": "1234567890", "access_token": "EAAG-token-%1$s",
                           "app_secret": "app-secret-%1$s", "verify_token": "verify-%1$s",
                           "api_base_url": "https://203.0.113.10/v23.0"}}
      """;

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;

  MvcTestResult call(String method, String path, String json) {
    var request =
        "PATCH".equals(method) ? mvc.patch() : "POST".equals(method) ? mvc.post() : mvc.get();
    var spec = request.uri(path).header(HttpHeaders.AUTHORIZATION, ACME_KEY);
    if (json != null) {
      spec = spec.contentType(MediaType.APPLICATION_JSON).content(json);
    }
    return spec.exchange();
  }

  static String body(MvcTestResult result) {
    try {
      return result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static long id(MvcTestResult result) {
    return ((Number) JsonPath.read(body(result), "$.id")).longValue();
  }

  @Test
  void aWhatsAppChannelEchoesItsAccountButNeverItsSecrets() {
    String tag = Long.toString(System.nanoTime());
    MvcTestResult created = call("POST", "/companies/1/channels", WHATSAPP.formatted(tag));

    assertThat(created).hasStatus(HttpStatus.CREATED);
    long channelId = id(created);
    assertThat(created).bodyJson().extractingPath("$.provider").isEqualTo("whatsapp_cloud");
    assertThat(created)
        .bodyJson()
        .extractingPath("$.provider_config.phone_number_id")
        .isEqualTo("1234567890");
    assertThat(created)
        .bodyJson()
        .extractingPath("$.webhook_url")
        .isEqualTo("/webhooks/whatsapp/" + channelId);
    MvcTestResult listed = call("GET", "/companies/1/channels", null);
    for (String response : List.of(body(created), body(listed))) {
      assertThat(response)
          .doesNotContain("EAAG-token-" + tag, "app-secret-" + tag, "verify-" + tag)
          .doesNotContain("webhook_secret\":\"");
    }
    Map<String, Object> row =
        jdbc.sql("SELECT provider, provider_secrets, webhook_secret FROM channels WHERE id = ?")
            .param(channelId)
            .query()
            .singleRow();
    String sealed = (String) row.get("provider_secrets");
    assertThat(row.get("provider")).isEqualTo("whatsapp_cloud");
    assertThat(row.get("webhook_secret")).isNull();
    assertThat(sealed).startsWith("v1:").doesNotContain(tag);
    assertThat(TestSecrets.BOX.open(sealed, "channel:" + channelId + ":provider_secrets"))
        .contains("EAAG-token-" + tag);
  }

  @Test
  void aChangeOfTheApiBaseKeepsTheSecrets() {
    String tag = Long.toString(System.nanoTime());
    long channelId = id(call("POST", "/companies/1/channels", WHATSAPP.formatted(tag)));

    MvcTestResult changed =
        call(
            "PATCH",
            "/companies/1/channels/" + channelId,
            """
            {"provider_config": {"api_base_url": "https://203.0.113.11/v24.0"}}
            """);

    assertThat(changed).hasStatus(HttpStatus.OK);
    assertThat(changed)
        .bodyJson()
        .extractingPath("$.provider_config.api_base_url")
        .isEqualTo("https://203.0.113.11/v24.0");
    String sealed =
        jdbc.sql("SELECT provider_secrets FROM channels WHERE id = ?")
            .param(channelId)
            .query(String.class)
            .single();
    assertThat(TestSecrets.BOX.open(sealed, "channel:" + channelId + ":provider_secrets"))
        .contains("EAAG-token-" + tag, "app-secret-" + tag, "verify-" + tag);
  }

  @Test
  void twilioAndTelegramAccountsAreChecked() {
    MvcTestResult twilio =
        call(
            "POST",
            "/companies/1/channels",
            """
            {"name": "SMS", "type": "sms", "provider": "twilio",
             "provider_config": {"account_sid": "AC0123456789abcdef0123456789abcdef",
                                 "auth_token": "twilio-token", "from": "+15005550006"}}
            """);
    MvcTestResult telegram =
        call(
            "POST",
            "/companies/1/channels",
            """
            {"name": "Bot", "type": "telegram", "provider": "telegram",
             "provider_config": {"bot_token": "123456:ABC-def_ghi", "secret_token": "s3cr3t_token"}}
            """);

    assertThat(twilio).hasStatus(HttpStatus.CREATED);
    assertThat(twilio)
        .bodyJson()
        .extractingPath("$.provider_config.api_base_url")
        .isEqualTo("https://api.twilio.com");
    assertThat(body(twilio)).doesNotContain("twilio-token");
    assertThat(telegram).hasStatus(HttpStatus.CREATED);
    assertThat(body(telegram)).doesNotContain("ABC-def_ghi", "s3cr3t_token");
  }

  @Test
  void aWrongAccountIsRefusedWithAProblemNamingTheField() {
    Map<String, String> refusals =
        Map.of(
            """
            {"name": "x", "type": "sms", "provider": "whatsapp_cloud",
             "provider_config": {"phone_number_id": "1", "access_token": "a", "app_secret": "b",
                                 "verify_token": "c"}}
            """,
            "serves channels of type whatsapp",
            """
            {"name": "x", "type": "whatsapp", "provider": "whatsapp_cloud",
             "provider_config": {"phone_number_id": "1", "app_secret": "b", "verify_token": "c"}}
            """,
            "provider_config.access_token is required",
            """
            {"name": "x", "type": "sms", "provider": "twilio",
             "provider_config": {"account_sid": "AC0123456789abcdef0123456789abcdef",
                                 "auth_token": "t", "from": "whatsapp:+15005550006"}}
            """,
            "provider_config.from must be an E.164 number",
            """
            {"name": "x", "type": "telegram", "provider": "telegram",
             "provider_config": {"bot_token": "1:a", "secret_token": "has spaces"}}
            """,
            "provider_config.secret_token",
            """
            {"name": "x", "type": "telegram", "provider": "telegram",
             "provider_config": {"bot_token": "1:a", "secret_token": "ok", "token": "x"}}
            """,
            "has no field token",
            """
            {"name": "x", "type": "telegram", "provider": "telegram",
             "provider_config": {"bot_token": "1:a", "secret_token": "ok",
                                 "api_base_url": "http://[fd00:ec2::254]/"}}
            """,
            "provider_config.api_base_url",
            """
            {"name": "x", "type": "sms", "provider": "carrier-pigeon"}
            """,
            "provider must be one of",
            """
            {"name": "x", "type": "sms", "provider_config": {"a": "b"}}
            """,
            "provider_config is only for");

    refusals.forEach(
        (request, reason) -> {
          MvcTestResult refused = call("POST", "/companies/1/channels", request);
          assertThat(refused).as(request).hasStatus(HttpStatus.BAD_REQUEST);
          assertThat(body(refused)).as(request).contains(reason);
        });
  }

  @Test
  void aProvidersChannelTakesNoGenericWebhookUnsigned() {
    String id = "generic-on-provider-" + System.nanoTime();
    MvcTestResult inbound =
        mvc.post()
            .uri("/webhooks/inbound")
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                """
                {"company_id": 1, "channel_id": 3, "from": "+15550007777", "text": "spoof",
                 "channel_message_id": "%s"}
                """
                    .formatted(id))
            .exchange();

    assertThat(inbound).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM messages WHERE channel_message_id = ?")
                .param(id)
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void aChangeKeepsAGenericChannelsSigningAndAChannelBackFromAProviderGetsANewSecretOnce() {
    MvcTestResult unsigned = call("PATCH", "/companies/1/channels/1", "{\"outbound_url\": null}");
    long channelId =
        id(call("POST", "/companies/1/channels", WHATSAPP.formatted(System.nanoTime())));
    MvcTestResult generic =
        call("PATCH", "/companies/1/channels/" + channelId, "{\"provider\": \"generic\"}");
    MvcTestResult listed = call("GET", "/companies/1/channels", null);

    assertThat(unsigned).bodyJson().extractingPath("$.signed").isEqualTo(false);
    assertThat(generic).hasStatus(HttpStatus.OK);
    assertThat(generic).bodyJson().extractingPath("$.provider").isEqualTo("generic");
    assertThat(body(generic)).doesNotContain("provider_config", "access_token");
    String secret = JsonPath.read(body(generic), "$.webhook_secret");
    assertThat(secret).hasSize(64);
    assertThat(body(listed)).doesNotContain(secret);
  }

  @Test
  void theDemoSeedsSecretsAreSealedWhenTheApiStarts() {
    List<String> stored =
        jdbc.sql("SELECT provider_secrets FROM channels WHERE id IN (3, 4, 5) ORDER BY id")
            .query(String.class)
            .list();
    String globex =
        jdbc.sql("SELECT webhook_secret FROM channels WHERE id = 2").query(String.class).single();

    assertThat(stored).hasSize(3).allSatisfy(value -> assertThat(value).startsWith("v1:"));
    assertThat(TestSecrets.BOX.open(stored.get(0), "channel:3:provider_secrets"))
        .contains("demo-whatsapp-app-secret");
    assertThat(TestSecrets.BOX.open(globex, "channel:2:webhook_secret"))
        .isEqualTo("globex-webhook-secret");
  }
}
