package com.omnichannel.api.company;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** A company sets its assistant's instructions; no other company can read or change them. */
@ApiIntegrationTest
class AssistantHttpApiTest {

  static final String GLOBEX_KEY = "Bearer globex-demo-key";

  @Autowired MockMvcTester mvc;
  @Autowired CompanyDirectory directory;

  MvcTestResult put(long company, String key, String json) {
    return mvc.put()
        .uri("/companies/{id}/assistant", company)
        .header(HttpHeaders.AUTHORIZATION, key)
        .contentType(MediaType.APPLICATION_JSON)
        .content(json)
        .exchange();
  }

  @Test
  void instructionsAreStoredShownAndSeenByTheNextInboundMessage() {
    var set = put(2, GLOBEX_KEY, "{\"instructions\": \"  Offer a password reset link.  \"}");

    assertThat(set).hasStatusOk();
    assertThat(set)
        .bodyJson()
        .extractingPath("$.instructions")
        .isEqualTo("Offer a password reset link.");
    assertThat(set).bodyJson().extractingPath("$.company_name").isEqualTo("Globex Inc");
    assertThat(
            mvc.get()
                .uri("/companies/2/assistant")
                .header(HttpHeaders.AUTHORIZATION, GLOBEX_KEY)
                .exchange())
        .bodyJson()
        .extractingPath("$.instructions")
        .isEqualTo("Offer a password reset link.");
    assertThat(directory.assistantOf(2).orElseThrow().instructions())
        .isEqualTo("Offer a password reset link.");

    assertThat(put(2, GLOBEX_KEY, "{\"instructions\": null}")).hasStatusOk();
    assertThat(directory.assistantOf(2).orElseThrow().instructions()).isNull();
  }

  @Test
  void instructionsLongerThan4000CharactersAreRefused() {
    var result = put(2, GLOBEX_KEY, "{\"instructions\": \"" + "x".repeat(4001) + "\"}");

    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(put(2, GLOBEX_KEY, "{\"instructions\": \"" + "x".repeat(4000) + "\"}"))
        .hasStatusOk();
  }

  @Test
  void anotherCompanysAssistantDoesNotExist() {
    assertThat(put(1, GLOBEX_KEY, "{\"instructions\": \"hijack\"}"))
        .hasStatus(HttpStatus.NOT_FOUND);
    assertThat(
            mvc.get()
                .uri("/companies/1/assistant")
                .header(HttpHeaders.AUTHORIZATION, GLOBEX_KEY)
                .exchange())
        .hasStatus(HttpStatus.NOT_FOUND);
  }
}
