package com.omnichannel.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.simulator.SimulatorApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulated model answers like a chat-completions endpoint and hands off on request. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=" + SimulatorApplication.CONFIG_NAME)
class SimulatedModelTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> complete(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String conversation(String lastUserMessage) {
    return """
        {"model": "demo", "messages": [
          {"role": "system", "content": "You are the assistant of Acme Corp."},
          {"role": "user", "content": "Hello"},
          {"role": "assistant", "content": "Hi!"},
          {"role": "user", "content": "%s"}]}
        """
        .formatted(lastUserMessage);
  }

  @Test
  void answersTheLastUserMessage() throws Exception {
    HttpResponse<String> response = complete(conversation("Is the shop open on Sunday?"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode message = json.readTree(response.body()).at("/choices/0/message");
    assertThat(message.get("content").asString()).contains("Is the shop open on Sunday?");
    assertThat(message.has("tool_calls")).isFalse();
  }

  @Test
  void callsTheHandoffToolWhenTheCustomerAsksForAPerson() throws Exception {
    HttpResponse<String> response = complete(conversation("Can I talk to a human please?"));

    JsonNode call = json.readTree(response.body()).at("/choices/0/message/tool_calls/0/function");
    assertThat(call.get("name").asString()).isEqualTo(ChatCompletionsController.HANDOFF_TOOL);
    assertThat(json.readTree(call.get("arguments").asString()).get("reason").asString())
        .isNotBlank();
  }

  @Test
  void aRequestWithoutMessagesIsRefused() throws Exception {
    assertThat(complete("{\"model\": \"demo\"}").statusCode()).isEqualTo(400);
  }
}
