package com.omnichannel.api.company;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /companies/me}: a key learns its own company, and never another. */
@ApiIntegrationTest
class CompanyOfKeyHttpApiTest {

  static final String ADMIN = "Bearer test-admin-token";

  @Autowired MockMvcTester mvc;
  @Autowired JsonMapper json;

  MvcTestResult me(String authorization) {
    var request = mvc.get().uri("/companies/me");
    return (authorization == null
            ? request
            : request.header(HttpHeaders.AUTHORIZATION, authorization))
        .exchange();
  }

  JsonNode body(MvcTestResult result) {
    return json.readTree(result.getResponse().getContentAsByteArray());
  }

  @Test
  void eachDemoKeySeesItsOwnCompany() {
    MvcTestResult acme = me("Bearer acme-demo-key");
    MvcTestResult globex = me("Bearer globex-demo-key");

    assertThat(acme).hasStatusOk();
    assertThat(acme).bodyJson().isEqualTo("{\"id\": 1, \"name\": \"Acme Corp\"}");
    assertThat(globex).hasStatusOk();
    assertThat(globex).bodyJson().isEqualTo("{\"id\": 2, \"name\": \"Globex Inc\"}");
  }

  @Test
  void aNewCompanysKeySeesThatCompanyOnly() {
    String name = "Initech " + UUID.randomUUID();
    MvcTestResult created =
        mvc.post()
            .uri("/admin/companies")
            .header(HttpHeaders.AUTHORIZATION, ADMIN)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"" + name + "\"}")
            .exchange();
    assertThat(created).hasStatus(HttpStatus.CREATED);
    JsonNode company = body(created);

    MvcTestResult result = me("Bearer " + company.get("api_key").asString());

    assertThat(result).hasStatusOk();
    assertThat(body(result).get("id").asLong()).isEqualTo(company.get("id").asLong());
    assertThat(body(result).get("name").asString()).isEqualTo(name);
    assertThat(body(result).size()).isEqualTo(2);
  }

  @Test
  void aWrongKeyOrNoneIsRefusedWithTheApisProblem() throws Exception {
    for (String authorization : new String[] {"Bearer not-a-key", null, ADMIN}) {
      MvcTestResult result = me(authorization);

      assertThat(result.getResponse().getStatus()).as(authorization).isIn(401, 403);
      assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(result.getResponse().getContentAsString()).doesNotContain("Acme", "Globex");
    }
    assertThat(me("Bearer not-a-key")).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aStreamTokenOpensAStreamOnlyAndDoesNotNameTheCompany() {
    MvcTestResult token =
        mvc.post()
            .uri("/companies/1/stream-tokens")
            .header(HttpHeaders.AUTHORIZATION, "Bearer acme-demo-key")
            .exchange();
    assertThat(token).hasStatus(HttpStatus.CREATED);

    MvcTestResult result = me("Bearer " + body(token).get("token").asString());

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
  }
}
