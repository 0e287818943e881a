package com.omnichannel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.omnichannel.testing.TestWebhook;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Every endpoint's contract: status codes, JSON shape, and a clear problem for bad input. */
@ApiIntegrationTest
class HttpApiTest {

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;

  static final String ACME_KEY = "Bearer acme-demo-key";

  /** A call of Acme's agent API. */
  MvcTestResult get(String path) {
    return mvc.get().uri(path).header(HttpHeaders.AUTHORIZATION, ACME_KEY).exchange();
  }

  /** A webhook delivery or a call of Acme's agent API. */
  MvcTestResult post(String path, String json) {
    return mvc.post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, ACME_KEY)
        .contentType(MediaType.APPLICATION_JSON)
        .content(json)
        .exchange();
  }

  MvcTestResult post(TestWebhook webhook) {
    return post(webhook.path(), webhook.json());
  }

  long newConversation() {
    MvcTestResult result = post(TestWebhook.inbound());
    assertThat(result).hasStatus(HttpStatus.CREATED);
    try {
      String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
      return ((Number) JsonPath.read(body, "$.id")).longValue();
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  void assertProblem(MvcTestResult result, HttpStatus status, String detailFragment) {
    assertThat(result).hasStatus(status);
    assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(status.value());
    assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detailFragment);
  }

  @Test
  void seededConversationIsReadableWithSnakeCaseFields() {
    MvcTestResult result = get("/conversations/1");

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.company_id").asNumber().isEqualTo(1);
    assertThat(result).bodyJson().extractingPath("$.channel_id").asNumber().isEqualTo(1);
    assertThat(result).bodyJson().extractingPath("$.contact_id").asNumber().isEqualTo(1);
    assertThat(result).bodyJson().extractingPath("$.owner_id").asNumber().isNotNull();
  }

  @Test
  void seededMessagesListOldestFirstWithTimestamps() {
    MvcTestResult result = get("/conversations/1/messages?limit=2");

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$[0].sender").isEqualTo("contact");
    assertThat(result).bodyJson().extractingPath("$[1].sender").isEqualTo("ai");
    assertThat(result).bodyJson().extractingPath("$[1].in_reply_to").asNumber().isEqualTo(1);
    assertThat(result)
        .bodyJson()
        .extractingPath("$[0].created_at")
        .isEqualTo("2024-01-01T00:00:00Z");
  }

  @Test
  void messagesArePagedWithACursorAndANextLink() {
    long conversation = newConversation();
    for (int i = 0; i < 3; i++) {
      post(
          "/conversations/" + conversation + "/messages",
          "{\"author_id\": 2, \"text\": \"m" + i + "\"}");
    }

    MvcTestResult first = get("/conversations/" + conversation + "/messages?limit=2");

    assertThat(first).hasStatusOk();
    assertThat(first).bodyJson().extractingPath("$.length()").asNumber().isEqualTo(2);
    String link = first.getResponse().getHeader("Link");
    assertThat(link).contains("rel=\"next\"").contains("limit=2");
    String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    MvcTestResult second = get(next);
    assertThat(second).bodyJson().extractingPath("$[0].content").isEqualTo("m1");
  }

  @Test
  void theInboxListsTheCompanysConversationsWithANextLinkAndRefusesBadFilters() {
    newConversation();
    newConversation();

    MvcTestResult first = get("/conversations?limit=1&status=open");

    assertThat(first).hasStatusOk();
    assertThat(first).bodyJson().extractingPath("$.length()").asNumber().isEqualTo(1);
    assertThat(first).bodyJson().extractingPath("$[0].company_id").asNumber().isEqualTo(1);
    assertThat(first).bodyJson().extractingPath("$[0].owner_type").isEqualTo("ai");
    assertThat(first).bodyJson().extractingPath("$[0].status").isEqualTo("open");
    String link = first.getResponse().getHeader("Link");
    assertThat(link).contains("rel=\"next\"", "status=open", "limit=1", "cursor=");
    MvcTestResult second = get(link.substring(link.indexOf('<') + 1, link.indexOf('>')));
    assertThat(second).hasStatusOk();
    assertThat(idOfFirst(second)).isNotEqualTo(idOfFirst(first));
    assertThat(get("/conversations?status=closed")).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(get("/conversations?owner_type=robot")).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(get("/conversations?cursor=garbage")).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(get("/conversations?limit=0")).hasStatus(HttpStatus.BAD_REQUEST);
  }

  static long idOfFirst(MvcTestResult result) {
    try {
      return ((Number) JsonPath.read(result.getResponse().getContentAsString(), "$[0].id"))
          .longValue();
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aConversationIsResolvedAndOpenedAgainThroughItsStatus() {
    long conversation = newConversation();

    MvcTestResult resolved =
        post("/conversations/" + conversation + "/status", "{\"status\": \"resolved\"}");

    assertThat(resolved).hasStatusOk();
    assertThat(resolved).bodyJson().extractingPath("$.status").isEqualTo("resolved");
    assertThat(get("/conversations/" + conversation))
        .bodyJson()
        .extractingPath("$.status")
        .isEqualTo("resolved");
    assertThat(post("/conversations/" + conversation + "/status", "{\"status\": \"open\"}"))
        .bodyJson()
        .extractingPath("$.status")
        .isEqualTo("open");
    assertThat(post("/conversations/" + conversation + "/status", "{\"status\": \"done\"}"))
        .hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(post("/conversations/" + conversation + "/status", "{}"))
        .hasStatus(HttpStatus.BAD_REQUEST);
  }

  @Test
  void agentPostsAMessage() {
    long conversation = newConversation();

    MvcTestResult result =
        post(
            "/conversations/" + conversation + "/messages",
            "{\"author_id\": 2, \"text\": \"On it\"}");

    assertThat(result).hasStatus(HttpStatus.CREATED);
    assertThat(result).bodyJson().extractingPath("$.sender").isEqualTo("agent");
    assertThat(result).bodyJson().extractingPath("$.author_id").asNumber().isEqualTo(2);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.conversation_id")
        .asNumber()
        .isEqualTo((int) conversation);
  }

  @Test
  void authorMustBeAnAgentOfTheConversationsCompany() {
    long conversation = newConversation();

    assertProblem(
        post("/conversations/" + conversation + "/messages", "{\"author_id\": 1, \"text\": \"x\"}"),
        HttpStatus.BAD_REQUEST,
        "not an agent");
    assertProblem(
        post("/conversations/" + conversation + "/messages", "{\"author_id\": 4, \"text\": \"x\"}"),
        HttpStatus.BAD_REQUEST,
        "not an agent");
  }

  @Test
  void transferAcceptsOnlyUsersOfTheSameCompany() {
    long conversation = newConversation();

    MvcTestResult ok =
        post("/conversations/" + conversation + "/transfer", "{\"new_owner_id\": 2}");
    assertThat(ok).hasStatusOk();
    assertThat(ok).bodyJson().extractingPath("$.owner_id").asNumber().isEqualTo(2);

    assertProblem(
        post("/conversations/" + conversation + "/transfer", "{\"new_owner_id\": 4}"),
        HttpStatus.BAD_REQUEST,
        "not a user of the conversation's company");
  }

  @Test
  void toggleSwitchesToHumanAndBack() {
    long conversation = newConversation();

    MvcTestResult toHuman = post("/conversations/" + conversation + "/transfer-toggle", "");
    assertThat(toHuman)
        .bodyJson()
        .extractingPath("$.detail")
        .isEqualTo("switched ownership to human");
    assertThat(get("/conversations/" + conversation))
        .bodyJson()
        .extractingPath("$.owner_id")
        .asNumber()
        .isEqualTo(2);

    MvcTestResult toAi = post("/conversations/" + conversation + "/transfer-toggle", "");
    assertThat(toAi).bodyJson().extractingPath("$.detail").isEqualTo("switched ownership to ai");
  }

  @Test
  void companyUsersAreListedAndUnknownCompaniesAre404() {
    MvcTestResult users = get("/companies/1/users");

    assertThat(users).hasStatusOk();
    assertThat(users)
        .bodyJson()
        .extractingPath("$[*].name")
        .asArray()
        .contains("AI Assistant", "Alice Agent");
    assertThat(users).bodyJson().extractingPath("$[0].role").isEqualTo("ai");
    assertProblem(get("/companies/999999/users"), HttpStatus.NOT_FOUND, "Company 999999 not found");
  }

  @Test
  void unknownCompanyAndForeignChannelGetTheSame404AndCreateNothing() throws Exception {
    String providerId = "p-" + UUID.randomUUID();
    // Channel 2 is Globex's: to Acme it must look exactly like a company that does not exist.
    MvcTestResult foreign =
        post(
            TestWebhook.inbound()
                .company(1)
                .channel(2)
                .from("someone@example.com")
                .channelMessageId(providerId));
    MvcTestResult unknownCompany =
        post(
            TestWebhook.inbound()
                .company(999999)
                .channel(2)
                .from("someone@example.com")
                .channelMessageId(providerId));

    assertProblem(foreign, HttpStatus.NOT_FOUND, "Channel 2 not found");
    assertThat(unknownCompany.getResponse().getStatus()).isEqualTo(404);
    assertThat(unknownCompany.getResponse().getContentAsString())
        .isEqualTo(foreign.getResponse().getContentAsString());
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM messages WHERE channel_message_id = ?")
                .param(providerId)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void badWebhookBodiesAreClearProblems() {
    assertProblem(
        post("/webhooks/inbound", "{\"company_id\": 1,"), HttpStatus.BAD_REQUEST, "not valid JSON");
    assertProblem(
        post("/webhooks/inbound", "{}"),
        HttpStatus.BAD_REQUEST,
        "channel_message_id must not be blank");
    assertProblem(
        post(TestWebhook.inbound().text(" ")), HttpStatus.BAD_REQUEST, "text must not be blank");
    assertProblem(
        post(TestWebhook.inbound().field("company_id", "acme")),
        HttpStatus.BAD_REQUEST,
        "company_id has the wrong type; expected a number");
    assertProblem(
        post(TestWebhook.inbound().from("not-a-phone")),
        HttpStatus.BAD_REQUEST,
        "from must be a phone number");
    assertProblem(
        post(TestWebhook.inbound().text("x".repeat(4097))),
        HttpStatus.BAD_REQUEST,
        "text size must be between 0 and 4096");
  }

  @Test
  void oversizedBodiesAre413AndWrongContentTypesAre415() {
    assertProblem(
        post(TestWebhook.inbound().text("x".repeat(70_000))),
        HttpStatus.CONTENT_TOO_LARGE,
        "larger than 65536 bytes");

    MvcTestResult text =
        mvc.post()
            .uri("/webhooks/inbound")
            .contentType(MediaType.TEXT_PLAIN)
            .content("hello")
            .exchange();
    assertThat(text).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(text).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void badIdsAndPagingParametersAre400AndUnknownIds404() {
    assertProblem(get("/conversations/abc"), HttpStatus.BAD_REQUEST, "id must be a number");
    assertProblem(
        get("/conversations/999999999"), HttpStatus.NOT_FOUND, "Conversation 999999999 not found");
    assertProblem(get("/conversations/1/messages?limit=0"), HttpStatus.BAD_REQUEST, "limit");
    assertProblem(get("/conversations/1/messages?limit=201"), HttpStatus.BAD_REQUEST, "limit");
    assertProblem(
        get("/conversations/1/messages?limit=ten"),
        HttpStatus.BAD_REQUEST,
        "limit must be a number");
    assertProblem(get("/conversations/1/messages?after_id=-1"), HttpStatus.BAD_REQUEST, "after_id");
    assertProblem(
        post("/conversations/999999999/transfer", "{\"new_owner_id\": 2}"),
        HttpStatus.NOT_FOUND,
        "not found");
    assertProblem(
        post("/conversations/999999999/transfer-toggle", ""), HttpStatus.NOT_FOUND, "not found");
    assertProblem(
        post("/conversations/1/transfer", "{}"),
        HttpStatus.BAD_REQUEST,
        "new_owner_id must not be null");
    assertProblem(
        post("/conversations/1/messages", "{\"author_id\": 2}"),
        HttpStatus.BAD_REQUEST,
        "text must not be blank");
  }

  @Test
  void swaggerUiAndOpenApiAreServed() {
    assertThat(get("/v3/api-docs"))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.paths")
        .asMap()
        .containsKey("/webhooks/inbound");
    assertThat(get("/docs")).hasStatus3xxRedirection();
  }

  @Test
  void theAsyncApiDocumentOfTheKafkaTopicsIsServedWithoutAKeyAndLeftOutOfOpenApi() {
    MvcTestResult result = mvc.get().uri("/v3/asyncapi.yaml").exchange();

    assertThat(result).hasStatusOk();
    assertThat(result).hasContentType("application/yaml");
    assertThat(result)
        .bodyText()
        .startsWith("asyncapi: 3.0.0")
        .contains("address: omni.message-received.v1\n", "address: omni.message-received.v1-dlt");
    assertThat(get("/v3/api-docs"))
        .bodyJson()
        .extractingPath("$.paths")
        .asMap()
        .doesNotContainKey("/v3/asyncapi.yaml");
  }

  @Test
  void healthReportsDatabaseAndKafkaToTheAdminOnly() throws Exception {
    MvcTestResult anonymous = mvc.get().uri("/actuator/health").exchange();
    assertThat(anonymous).hasStatusOk();
    assertThat(anonymous).bodyJson().extractingPath("$.status").isEqualTo("UP");
    assertThat(anonymous.getResponse().getContentAsString()).doesNotContain("components");

    MvcTestResult admin =
        mvc.get()
            .uri("/actuator/health")
            .header(HttpHeaders.AUTHORIZATION, "Bearer test-admin-token")
            .exchange();
    assertThat(admin).hasStatusOk();
    assertThat(admin).bodyJson().extractingPath("$.components.db.status").isEqualTo("UP");
    assertThat(admin).bodyJson().extractingPath("$.components.kafka.status").isEqualTo("UP");
  }

  @Test
  void metricsNeedTheAdminToken() {
    assertThat(mvc.get().uri("/actuator/metrics").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(get("/actuator/metrics")).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(
            mvc.get()
                .uri("/actuator/metrics")
                .header(HttpHeaders.AUTHORIZATION, "Bearer test-admin-token")
                .exchange())
        .hasStatusOk();
  }

  @Test
  void aPathNobodyListedIsNotOpenToAnonymousCallers() {
    assertThat(mvc.get().uri("/actuator/env").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.get().uri("/internal/anything").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(get("/internal/anything")).hasStatus(HttpStatus.NOT_FOUND);
  }
}
