package com.omnichannel.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The demo seed holds the original service's messages word for word, so its examples still hold.
 */
@ApiIntegrationTest
class DemoSeedTest {

  @Autowired MockMvcTester mvc;

  MvcTestResult firstTwoMessages(long conversationId, String apiKey) {
    return mvc.get()
        .uri("/conversations/{id}/messages?limit=2", conversationId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
        .exchange();
  }

  @Test
  void acmeConversationStartsWithTheOriginalContactMessageAndAiGreeting() {
    MvcTestResult result = firstTwoMessages(1, "acme-demo-key");

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$[0].sender").isEqualTo("contact");
    assertThat(result).bodyJson().extractingPath("$[0].content").isEqualTo("Hello, I need help!");
    assertThat(result).bodyJson().extractingPath("$[1].sender").isEqualTo("ai");
    assertThat(result)
        .bodyJson()
        .extractingPath("$[1].content")
        .isEqualTo("Hi! I am your AI assistant. How can I help you today?");
  }

  @Test
  void globexConversationStartsWithTheOriginalContactMessageAndAiGreeting() {
    MvcTestResult result = firstTwoMessages(2, "globex-demo-key");

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$[0].sender").isEqualTo("contact");
    assertThat(result)
        .bodyJson()
        .extractingPath("$[0].content")
        .isEqualTo("Can I reset my password?");
    assertThat(result).bodyJson().extractingPath("$[1].sender").isEqualTo("ai");
    assertThat(result)
        .bodyJson()
        .extractingPath("$[1].content")
        .isEqualTo("Hello! Sure, I will help you reset it.");
  }
}
