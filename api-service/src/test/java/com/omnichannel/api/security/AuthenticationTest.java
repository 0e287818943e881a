package com.omnichannel.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.testing.TestWebhook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/** API keys, key rotation and revocation, and the admin API. */
@ApiIntegrationTest
class AuthenticationTest {

  @Autowired MockMvcTester mvc;
  @Autowired StreamTokens streamTokens;
  @Autowired JsonMapper json;

  static final String ADMIN = "Bearer test-admin-token";

  MvcTestResult getWith(String path, String authorization) {
    var request = mvc.get().uri(path);
    return (authorization == null
            ? request
            : request.header(HttpHeaders.AUTHORIZATION, authorization))
        .exchange();
  }

  MvcTestResult postWith(String path, String authorization, String json) {
    var request = mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(json);
    return (authorization == null
            ? request
            : request.header(HttpHeaders.AUTHORIZATION, authorization))
        .exchange();
  }

  @Test
  void missingKeyIs401WithAChallenge() {
    MvcTestResult result = getWith("/conversations/1", null);

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result).hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"omni\"");
    assertThat(result)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("Authorization: Bearer");
  }

  @Test
  void wrongKeyIs401InvalidToken() {
    MvcTestResult result = getWith("/companies/1/users", "Bearer not-a-key");

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
        .contains("invalid_token");
  }

  @Test
  void documentationHealthAndWebhookNeedNoKey() {
    assertThat(getWith("/v3/api-docs", null)).hasStatusOk();
    assertThat(getWith("/actuator/health", null)).hasStatusOk();
    assertThat(getWith("/docs", null)).hasStatus3xxRedirection();
    TestWebhook inbound = TestWebhook.inbound();
    MvcTestResult webhook = postWith(inbound.path(), null, inbound.json());
    assertThat(webhook.getResponse().getStatus()).isIn(200, 201);
  }

  @Test
  void metricsOnTheApiPortNeedTheAdminTokenAndProbesNone() throws Exception {
    assertThat(getWith("/actuator/prometheus", null)).hasStatus(HttpStatus.UNAUTHORIZED);
    MvcTestResult scrape = getWith("/actuator/prometheus", ADMIN);
    assertThat(scrape).hasStatusOk();
    assertThat(scrape.getResponse().getContentAsString())
        .contains("omni_outbox_pending{application=\"api-service\"}");
    assertThat(getWith("/actuator/health/liveness", null)).hasStatusOk();
    assertThat(getWith("/actuator/health/readiness", null)).hasStatusOk();
  }

  @Test
  void theAdminSeesTheHealthOfEachComponentAndEveryoneElseTheStatusOnly() throws Exception {
    assertThat(getWith("/actuator/health", ADMIN))
        .bodyJson()
        .extractingPath("$.components.db.status")
        .isEqualTo("UP");
    for (String caller : new String[] {null, "Bearer junk"}) {
      MvcTestResult open = getWith("/actuator/health", caller);
      assertThat(open).hasStatusOk();
      assertThat(open.getResponse().getContentAsString())
          .contains("UP")
          .doesNotContain("components");
    }
  }

  @Test
  void aStreamTokenNotShapedLikeOneIs401() {
    assertThat(getWith("/events?token=junk", null)).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aNewCompanyGetsAnAiUserAKeyChannelsAndAgents() throws Exception {
    MvcTestResult company = postWith("/admin/companies", ADMIN, "{\"name\": \"Initech\"}");

    assertThat(company).hasStatus(HttpStatus.CREATED);
    assertThat(company).bodyJson().extractingPath("$.ai_user.role").isEqualTo("ai");
    String key =
        "Bearer "
            + company
                .getResponse()
                .getContentAsString()
                .replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
    long companyId =
        Long.parseLong(
            company.getResponse().getContentAsString().replaceAll("^\\{\"id\":([0-9]+),.*", "$1"));

    MvcTestResult channel =
        postWith(
            "/companies/" + companyId + "/channels", key, "{\"name\": \"SMS\", \"type\": \"sms\"}");
    assertThat(channel).hasStatus(HttpStatus.CREATED);
    assertThat(channel).bodyJson().extractingPath("$.webhook_secret").asString().hasSize(64);

    MvcTestResult agent =
        postWith("/companies/" + companyId + "/users", key, "{\"name\": \"Peter\"}");
    assertThat(agent).hasStatus(HttpStatus.CREATED);
    assertThat(agent).bodyJson().extractingPath("$.role").isEqualTo("agent");
    assertThat(getWith("/companies/" + companyId + "/users", key))
        .bodyJson()
        .extractingPath("$[*].name")
        .asArray()
        .containsExactly("AI Assistant", "Peter");
  }

  @Test
  void adminApiNeedsTheAdminTokenAndNothingElse() {
    assertThat(postWith("/admin/companies", null, "{\"name\": \"X\"}"))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(postWith("/admin/companies", "Bearer acme-demo-key", "{\"name\": \"X\"}"))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(getWith("/conversations/1", ADMIN)).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void rotatedKeyWorksAndTheRevokedOneNoLonger() throws Exception {
    MvcTestResult company = postWith("/admin/companies", ADMIN, "{\"name\": \"Rotate Co\"}");
    String body = company.getResponse().getContentAsString();
    String oldKey = "Bearer " + body.replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
    long companyId = Long.parseLong(body.replaceAll("^\\{\"id\":([0-9]+),.*", "$1"));
    String keys = "/companies/" + companyId + "/api-keys";

    MvcTestResult issued = postWith(keys, oldKey, "");
    assertThat(issued).hasStatus(HttpStatus.CREATED);
    String issuedBody = issued.getResponse().getContentAsString();
    String newKey = "Bearer " + issuedBody.replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
    MvcTestResult listed = getWith(keys, newKey);
    assertThat(listed).hasStatusOk();
    assertThat(listed.getResponse().getContentAsString()).doesNotContain(newKey.substring(7));
    long oldKeyId =
        Long.parseLong(
            listed
                .getResponse()
                .getContentAsString()
                .replaceAll("^\\[\\{\"id\":([0-9]+),.*", "$1"));

    assertThat(
            mvc.delete()
                .uri(keys + "/" + oldKeyId)
                .header(HttpHeaders.AUTHORIZATION, newKey)
                .exchange())
        .hasStatus(HttpStatus.NO_CONTENT);

    assertThat(getWith(keys, oldKey)).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(getWith(keys, newKey)).hasStatusOk();
  }

  @Test
  void aStreamTokenOfARevokedKeyOpensNoStream() throws Exception {
    MvcTestResult company = postWith("/admin/companies", ADMIN, "{\"name\": \"Token Co\"}");
    String body = company.getResponse().getContentAsString();
    String revokedKey = "Bearer " + body.replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
    long companyId = Long.parseLong(body.replaceAll("^\\{\"id\":([0-9]+),.*", "$1"));
    String keys = "/companies/" + companyId + "/api-keys";
    String otherKey =
        "Bearer "
            + postWith(keys, revokedKey, "")
                .getResponse()
                .getContentAsString()
                .replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
    MvcTestResult issued = postWith("/companies/" + companyId + "/stream-tokens", revokedKey, "");
    assertThat(issued).hasStatus(HttpStatus.CREATED);
    String token = json.readTree(issued.getResponse().getContentAsString()).get("token").asString();
    long revokedKeyId =
        Long.parseLong(
            getWith(keys, otherKey)
                .getResponse()
                .getContentAsString()
                .replaceAll("^\\[\\{\"id\":([0-9]+),.*", "$1"));
    assertThat(
            mvc.delete()
                .uri(keys + "/" + revokedKeyId)
                .header(HttpHeaders.AUTHORIZATION, otherKey)
                .exchange())
        .hasStatus(HttpStatus.NO_CONTENT);

    assertThat(streamTokens.redeem(token, "192.0.2.1")).isEmpty();
    assertThat(getWith("/events?token=" + token, null)).hasStatus(HttpStatus.UNAUTHORIZED);
  }
}
