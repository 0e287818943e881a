package com.omnichannel.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.testing.TestWebhook;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Acme's key against every endpoint, aimed at Globex's resources: each attempt must fail exactly as
 * the same call aimed at a resource that does not exist, and change nothing of Globex's.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest {

  static final String ACME_KEY = "Bearer acme-demo-key";
  static final long GLOBEX_CONVERSATION = 2;
  static final long MISSING = 999_999_999L;

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;

  String globexBefore;

  /** Everything of Globex's that an attack could change. */
  String globexState() {
    return jdbc.sql(
            """
            SELECT CONCAT_WS('|',
                (SELECT owner_id FROM conversations WHERE id = 2),
                (SELECT status FROM conversations WHERE id = 2),
                (SELECT COUNT(*) FROM messages WHERE company_id = 2),
                (SELECT COUNT(*) FROM users WHERE company_id = 2),
                (SELECT COUNT(*) FROM channels WHERE company_id = 2),
                (SELECT COUNT(*) FROM api_keys WHERE company_id = 2 AND revoked_at IS NULL))
            """)
        .query(String.class)
        .single();
  }

  @BeforeAll
  void recordGlobex() {
    globexBefore = globexState();
  }

  @AfterAll
  void globexIsUntouched() {
    assertThat(globexState()).isEqualTo(globexBefore);
  }

  /** method, path aimed at Globex, the same path aimed at nothing, body. */
  static Stream<Arguments> crossTenantAttempts() {
    String c = "/conversations/";
    return Stream.of(
        Arguments.of("GET", c + GLOBEX_CONVERSATION, c + MISSING, null),
        Arguments.of("GET", c + GLOBEX_CONVERSATION + "/messages", c + MISSING + "/messages", null),
        Arguments.of(
            "POST",
            c + GLOBEX_CONVERSATION + "/messages",
            c + MISSING + "/messages",
            "{\"author_id\": 2, \"text\": \"injected\"}"),
        Arguments.of(
            "POST",
            c + GLOBEX_CONVERSATION + "/status",
            c + MISSING + "/status",
            "{\"status\": \"resolved\"}"),
        Arguments.of("GET", "/companies/2/assistant", "/companies/" + MISSING + "/assistant", null),
        Arguments.of(
            "PUT",
            "/companies/2/assistant",
            "/companies/" + MISSING + "/assistant",
            "{\"instructions\": \"hijacked\"}"),
        Arguments.of(
            "POST",
            c + GLOBEX_CONVERSATION + "/transfer",
            c + MISSING + "/transfer",
            "{\"new_owner_id\": 2}"),
        Arguments.of(
            "POST",
            c + GLOBEX_CONVERSATION + "/transfer-toggle",
            c + MISSING + "/transfer-toggle",
            null),
        Arguments.of("GET", "/companies/2/users", "/companies/" + MISSING + "/users", null),
        Arguments.of(
            "POST",
            "/companies/2/users",
            "/companies/" + MISSING + "/users",
            "{\"name\": \"Mallory\"}"),
        Arguments.of(
            "POST",
            "/companies/2/channels",
            "/companies/" + MISSING + "/channels",
            "{\"name\": \"Evil\", \"type\": \"sms\"}"),
        Arguments.of("GET", "/companies/2/api-keys", "/companies/" + MISSING + "/api-keys", null),
        Arguments.of("POST", "/companies/2/api-keys", "/companies/" + MISSING + "/api-keys", null),
        Arguments.of(
            "DELETE", "/companies/2/api-keys/2", "/companies/" + MISSING + "/api-keys/2", null),
        Arguments.of("DELETE", "/companies/1/api-keys/2", "/companies/1/api-keys/" + MISSING, null),
        Arguments.of(
            "POST",
            "/webhooks/inbound",
            "/webhooks/inbound",
            null /* bodies below: Acme's company with Globex's channel vs no channel */));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("crossTenantAttempts")
  void crossTenantAttemptFailsLikeAMissingResource(
      String method, String foreignPath, String missingPath, String body) throws Exception {
    String foreignBody = body;
    String missingBody = body;
    if (foreignPath.equals("/webhooks/inbound")) {
      foreignBody = webhook(2);
      missingBody = webhook(MISSING);
    }

    MvcTestResult foreign = call(method, foreignPath, foreignBody);
    MvcTestResult missing = call(method, missingPath, missingBody);

    assertThat(foreign.getResponse().getStatus()).isEqualTo(404);
    assertSameFailure(foreign, missing);
  }

  @Test
  void anotherCompanysUsersCannotAuthorOrOwnOurConversations() throws Exception {
    // Globex's agent 4 and AI 3, named in Acme's conversation 1, fail like unknown users.
    assertSameFailure(
        call("POST", "/conversations/1/messages", "{\"author_id\": 4, \"text\": \"x\"}"),
        call(
            "POST",
            "/conversations/1/messages",
            "{\"author_id\": " + MISSING + ", \"text\": \"x\"}"));
    assertSameFailure(
        call("POST", "/conversations/1/transfer", "{\"new_owner_id\": 3}"),
        call("POST", "/conversations/1/transfer", "{\"new_owner_id\": " + MISSING + "}"));
    assertThat(
            call("POST", "/conversations/1/transfer", "{\"new_owner_id\": 3}")
                .getResponse()
                .getStatus())
        .isEqualTo(400);
  }

  /** A message to Acme's company on {@code channelId}. */
  static String webhook(long channelId) {
    return TestWebhook.inbound()
        .company(1)
        .channel(channelId)
        .from("client@globex.com")
        .text("x")
        .json();
  }

  MvcTestResult call(String method, String path, String body) {
    var request =
        mvc.method(HttpMethod.valueOf(method))
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, ACME_KEY);
    if (body != null) {
      request = request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return request.exchange();
  }

  /** Same status, same problem, same detail but for the ids it names. */
  static void assertSameFailure(MvcTestResult foreign, MvcTestResult missing) throws Exception {
    assertThat(foreign.getResponse().getStatus()).isEqualTo(missing.getResponse().getStatus());
    assertThat(foreign.getResponse().getContentType())
        .isEqualTo(missing.getResponse().getContentType());
    assertThat(withoutIds(foreign)).isEqualTo(withoutIds(missing));
  }

  static String withoutIds(MvcTestResult result) throws Exception {
    return result
        .getResponse()
        .getContentAsString(StandardCharsets.UTF_8)
        .replaceAll("[0-9]+", "#");
  }
}
