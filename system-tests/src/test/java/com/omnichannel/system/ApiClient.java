package com.omnichannel.system;

import com.omnichannel.testing.TestWebhook;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public HTTP API, as a provider and an agent would call it. */
final class ApiClient {

  record Response(int status, JsonNode body) {}

  private final RestClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  ApiClient(String baseUrl) {
    this.http =
        RestClient.builder()
            .baseUrl(baseUrl)
            // Acme's demo key; the webhook ignores it.
            .defaultHeader("Authorization", "Bearer acme-demo-key")
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
            .build();
  }

  Response webhook(long companyId, long channelId, String from, String text, String providerId) {
    return webhook(
        TestWebhook.inbound()
            .company(companyId)
            .channel(channelId)
            .from(from)
            .text(text)
            .channelMessageId(providerId));
  }

  /** Posts the webhook's exact body, with its signature when it is signed. */
  Response webhook(TestWebhook webhook) {
    return postRaw(webhook.path(), webhook.json(), webhook.headers());
  }

  Response transfer(long conversationId, long newOwnerId) {
    return post(
        "/conversations/" + conversationId + "/transfer", Map.of("new_owner_id", newOwnerId));
  }

  /** Every message of a conversation, oldest first. */
  List<JsonNode> messages(long conversationId) {
    Response response = get("/conversations/" + conversationId + "/messages?limit=200");
    if (response.status() != 200) {
      throw new IllegalStateException("Listing messages answered " + response);
    }
    return response.body().valueStream().toList();
  }

  Response put(String path, Object body) {
    return http.put()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .body(json.writeValueAsString(body))
        .exchange((request, response) -> read(response));
  }

  Response get(String path) {
    return http.get().uri(path).exchange((request, response) -> read(response));
  }

  Response post(String path, Object body) {
    return http.post()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .body(json.writeValueAsString(body))
        .exchange((request, response) -> read(response));
  }

  /** Posts exactly {@code rawJson}, with extra headers (a signature covers the raw bytes). */
  Response postRaw(String path, String rawJson, Map<String, String> headers) {
    return http.post()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .headers(h -> headers.forEach(h::set))
        .body(rawJson)
        .exchange((request, response) -> read(response));
  }

  private Response read(RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response)
      throws java.io.IOException {
    byte[] bytes = response.getBody().readAllBytes();
    JsonNode body = bytes.length == 0 ? null : json.readTree(bytes);
    return new Response(response.getStatusCode().value(), body);
  }
}
