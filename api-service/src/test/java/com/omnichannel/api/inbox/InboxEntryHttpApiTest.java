package com.omnichannel.api.inbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.contracts.ConversationChanged;
import com.omnichannel.contracts.Topics;
import com.omnichannel.kafka.EventJson;
import com.omnichannel.testing.TestWebhook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An inbox entry shows its contact and its latest message, in the inbox and in agents' event
 * streams alike, so that a client needs no request per conversation.
 */
@ApiIntegrationTest
class InboxEntryHttpApiTest {

  static final String ACME_KEY = "Bearer acme-demo-key";

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired EventJson events;

  JsonNode get(String path) {
    MvcTestResult result =
        mvc.get().uri(path).header(HttpHeaders.AUTHORIZATION, ACME_KEY).exchange();
    assertThat(result).hasStatusOk();
    return json.readTree(result.getResponse().getContentAsByteArray());
  }

  JsonNode inboundFrom(String phone, String text) {
    MvcTestResult result =
        mvc.post()
            .uri("/webhooks/inbound")
            .contentType(MediaType.APPLICATION_JSON)
            .content(TestWebhook.inbound().from(phone).text(text).json())
            .exchange();
    assertThat(result).hasStatus(HttpStatus.CREATED);
    return json.readTree(result.getResponse().getContentAsByteArray());
  }

  JsonNode entry(long conversation) {
    return StreamSupport.stream(get("/conversations?limit=200").spliterator(), false)
        .filter(entry -> entry.get("id").asLong() == conversation)
        .findFirst()
        .orElseThrow(() -> new AssertionError("conversation " + conversation + " not listed"));
  }

  /** The data of the conversation's announced changes of this type, oldest first. */
  List<Map<String, Object>> announced(long conversation, String type) {
    List<Map<String, Object>> data = new ArrayList<>();
    jdbc.sql("SELECT payload FROM outbox WHERE topic = ? AND correlation_id = ? ORDER BY id")
        .params(Topics.CONVERSATION_EVENTS, "conversation-" + conversation)
        .query(String.class)
        .list()
        .forEach(
            payload ->
                events.read(payload.getBytes(UTF_8), ConversationChanged.class).changes().stream()
                    .filter(change -> change.type().equals(type))
                    .forEach(change -> data.add(change.data())));
    return data;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> asMap(JsonNode node) {
    return json.convertValue(node, Map.class);
  }

  @Test
  void anEntryCarriesItsContactAndItsLatestMessage() {
    String phone = TestWebhook.newPhone();
    String question = "Where is my parcel? " + UUID.randomUUID();
    long conversation = inboundFrom(phone, question).get("id").asLong();
    JsonNode asked = get("/conversations/" + conversation + "/messages").get(0);

    JsonNode entry = entry(conversation);

    JsonNode contact = entry.get("contact");
    assertThat(contact.get("id").asLong()).isEqualTo(entry.get("contact_id").asLong());
    assertThat(contact.get("phone").asString()).isEqualTo(phone);
    // A contact who told no name is named by its address.
    assertThat(contact.get("name").asString()).isEqualTo(phone);
    // Addresses it was never reached at are left out, as every null field.
    assertThat(contact.has("email")).isFalse();
    assertThat(contact.has("telegram_chat_id")).isFalse();
    JsonNode last = entry.get("last_message");
    assertThat(last.get("id").asLong()).isEqualTo(asked.get("id").asLong());
    assertThat(last.get("sender").asString()).isEqualTo("contact");
    assertThat(last.get("text").asString()).isEqualTo(question);
    assertThat(last.get("created_at").asString()).isEqualTo(asked.get("created_at").asString());
    assertThat(last.get("created_at").asString())
        .isEqualTo(entry.get("last_message_at").asString());

    String answer = "It left today. " + UUID.randomUUID();
    MvcTestResult posted =
        mvc.post()
            .uri("/conversations/{id}/messages", conversation)
            .header(HttpHeaders.AUTHORIZATION, ACME_KEY)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"author_id\": 2, \"text\": \"" + answer + "\"}")
            .exchange();
    assertThat(posted).hasStatus(HttpStatus.CREATED);
    long answerId = json.readTree(posted.getResponse().getContentAsByteArray()).get("id").asLong();

    JsonNode after = entry(conversation).get("last_message");
    assertThat(after.get("id").asLong()).isEqualTo(answerId);
    assertThat(after.get("sender").asString()).isEqualTo("agent");
    assertThat(after.get("text").asString()).isEqualTo(answer);
  }

  @Test
  void theSeededContactShowsAllItsAddresses() {
    JsonNode contact = get("/conversations/1").path("contact_id");
    assertThat(contact.asLong()).isEqualTo(1);

    JsonNode seeded = entry(1).get("contact");

    assertThat(seeded.get("name").asString()).isEqualTo("Test Contact");
    assertThat(seeded.get("phone").asString()).isEqualTo("+15550001122");
    assertThat(seeded.get("email").asString()).isEqualTo("contact@example.com");
  }

  @Test
  void theStreamShowsAnEntryAsTheInboxDoes() {
    String phone = TestWebhook.newPhone();
    long conversation = inboundFrom(phone, "First " + UUID.randomUUID()).get("id").asLong();
    Map<String, Object> listedFirst = asMap(entry(conversation));
    String again = "Second " + UUID.randomUUID();
    inboundFrom(phone, again);
    Map<String, Object> listedAfter = asMap(entry(conversation));

    assertThat(announced(conversation, ConversationChanged.CONVERSATION_CREATED))
        .containsExactly(listedFirst);
    List<Map<String, Object>> updated =
        announced(conversation, ConversationChanged.CONVERSATION_UPDATED);
    assertThat(updated).last().isEqualTo(listedAfter);
    assertThat(listedAfter).extractingByKey("last_message").asString().contains(again);
  }

  @Test
  void pagesStillFollowOneAnotherAndEachEntryCarriesBoth() {
    inboundFrom(TestWebhook.newPhone(), "one");
    inboundFrom(TestWebhook.newPhone(), "two");

    MvcTestResult first =
        mvc.get()
            .uri("/conversations?limit=1")
            .header(HttpHeaders.AUTHORIZATION, ACME_KEY)
            .exchange();
    assertThat(first).hasStatusOk();
    assertThat(first).bodyJson().extractingPath("$.length()").asNumber().isEqualTo(1);
    assertThat(first).bodyJson().extractingPath("$[0].last_message.text").isEqualTo("two");
    String link = first.getResponse().getHeader("Link");
    JsonNode second = get(link.substring(link.indexOf('<') + 1, link.indexOf('>')));

    assertThat(second).hasSize(1);
    assertThat(second.get(0).get("last_message").get("text").asString()).isEqualTo("one");
    assertThat(second.get(0).get("contact").get("phone").asString()).startsWith("+1777");
  }
}
