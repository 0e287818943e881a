package com.omnichannel.api.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.ProviderCalls;
import com.omnichannel.testing.TestWebhook;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The delivery contract over HTTP: channels' outbound URLs (and the SSRF rules), provider status
 * callbacks that only move forward, and retrying a failed message by hand.
 */
@ApiIntegrationTest
class DeliveryHttpApiTest {

  static final String ACME_KEY = "Bearer acme-demo-key";
  static final String PUBLIC_URL = "https://203.0.113.10/messages";

  @Autowired MockMvcTester mvc;

  MvcTestResult call(String method, String path, String json) {
    var request =
        switch (method) {
          case "POST" -> mvc.post();
          case "PATCH" -> mvc.patch();
          default -> mvc.get();
        };
    var spec = request.uri(path).header(HttpHeaders.AUTHORIZATION, ACME_KEY);
    if (json != null) {
      spec = spec.contentType(MediaType.APPLICATION_JSON).content(json);
    }
    return spec.exchange();
  }

  /** A provider's call, without an API key. */
  MvcTestResult deliver(TestWebhook webhook) {
    return ProviderCalls.deliver(mvc, webhook);
  }

  static String body(MvcTestResult result) {
    try {
      return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T read(MvcTestResult result, String path) {
    return JsonPath.read(body(result), path);
  }

  record Created(long channelId, String secret, long conversationId, long messageId) {}

  /**
   * A channel of Acme's that delivers to a public address, a conversation on it and an agent's
   * message.
   */
  Created agentMessageOnNewChannel() {
    MvcTestResult channel =
        call(
            "POST",
            "/companies/1/channels",
            """
            {"name": "Status test", "type": "sms", "outbound_url": "%s"}
            """
                .formatted(PUBLIC_URL));
    assertThat(channel).hasStatus(HttpStatus.CREATED);
    long channelId = ((Number) read(channel, "$.id")).longValue();
    String secret = read(channel, "$.webhook_secret");
    MvcTestResult inbound = deliver(TestWebhook.inbound().channel(channelId).signedWith(secret));
    assertThat(inbound).hasStatus(HttpStatus.CREATED);
    long conversationId = ((Number) read(inbound, "$.id")).longValue();
    MvcTestResult message =
        call(
            "POST",
            "/conversations/" + conversationId + "/messages",
            """
            {"author_id": 2, "text": "On its way"}
            """);
    assertThat(message).hasStatus(HttpStatus.CREATED);
    assertThat(message).bodyJson().extractingPath("$.delivery_status").isEqualTo("pending");
    assertThat(message).bodyJson().extractingPath("$.delivery_attempts").isEqualTo(0);
    return new Created(
        channelId, secret, conversationId, ((Number) read(message, "$.id")).longValue());
  }

  /** A status report on the created message, signed with {@code secret}, or unsigned if null. */
  MvcTestResult status(Created created, String status, String secret) {
    return deliver(statusReport(created, status).signedWith(secret));
  }

  static TestWebhook statusReport(Created created, String status) {
    return TestWebhook.status(created.messageId(), status).company(1).channel(created.channelId());
  }

  @Test
  void channelsAreListedWithTheirOutboundUrlButNeverTheirSecrets() {
    Created created = agentMessageOnNewChannel();

    MvcTestResult list = call("GET", "/companies/1/channels", null);

    assertThat(list).hasStatus(HttpStatus.OK);
    assertThat(body(list)).doesNotContain("webhook_secret").doesNotContain(created.secret());
    assertThat(list)
        .bodyJson()
        .extractingPath("$[?(@.id == %d)].outbound_url".formatted(created.channelId()))
        .asArray()
        .containsExactly(PUBLIC_URL);
  }

  @Test
  void anOutboundUrlIsChangedAndClearedWithPatch() {
    Created created = agentMessageOnNewChannel();
    String path = "/companies/1/channels/" + created.channelId();

    MvcTestResult changed =
        call("PATCH", path, "{\"outbound_url\": \"http://198.51.100.7:8080/in\"}");
    assertThat(changed).hasStatus(HttpStatus.OK);
    assertThat(changed)
        .bodyJson()
        .extractingPath("$.outbound_url")
        .isEqualTo("http://198.51.100.7:8080/in");

    MvcTestResult cleared = call("PATCH", path, "{\"outbound_url\": null}");
    assertThat(cleared).hasStatus(HttpStatus.OK);
    assertThat(body(cleared)).doesNotContain("outbound_url");
  }

  @Test
  void outboundUrlsIntoOurOwnNetworkOrNotHttpAreRefused() {
    Created created = agentMessageOnNewChannel();
    String path = "/companies/1/channels/" + created.channelId();

    for (String url :
        new String[] {
          "ftp://203.0.113.10/x",
          "http://127.0.0.1:8000/admin",
          "http://localhost/x",
          "http://10.0.0.5/x",
          "http://192.168.1.1/x",
          "http://169.254.169.254/latest/meta-data",
          "http://[::1]/x",
          "http://[fd00::1]/x",
          "http://[::ffff:127.0.0.1]/x",
          "not a url"
        }) {
      MvcTestResult refused = call("PATCH", path, "{\"outbound_url\": \"%s\"}".formatted(url));
      assertThat(refused).as(url).hasStatus(HttpStatus.BAD_REQUEST);
      assertThat(refused).as(url).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
    MvcTestResult created2 =
        call(
            "POST",
            "/companies/1/channels",
            "{\"name\": \"x\", \"type\": \"sms\", \"outbound_url\": \"http://127.0.0.1/x\"}");
    assertThat(created2).hasStatus(HttpStatus.BAD_REQUEST);
  }

  @Test
  void anotherCompanysChannelCannotBeChanged() {
    MvcTestResult refused =
        call(
            "PATCH", "/companies/1/channels/2", "{\"outbound_url\": \"%s\"}".formatted(PUBLIC_URL));
    assertThat(refused).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(call("GET", "/companies/2/channels", null)).hasStatus(HttpStatus.NOT_FOUND);
  }

  @Test
  void statusesOnlyMoveForward() {
    Created created = agentMessageOnNewChannel();

    MvcTestResult delivered = status(created, "delivered", created.secret());
    assertThat(delivered).hasStatus(HttpStatus.OK);
    assertThat(delivered).bodyJson().extractingPath("$.delivery_status").isEqualTo("delivered");

    MvcTestResult read = status(created, "read", created.secret());
    assertThat(read).bodyJson().extractingPath("$.delivery_status").isEqualTo("read");

    MvcTestResult late = status(created, "delivered", created.secret());
    assertThat(late).hasStatus(HttpStatus.OK);
    assertThat(late).bodyJson().extractingPath("$.delivery_status").isEqualTo("read");

    MvcTestResult failedTooLate = status(created, "failed", created.secret());
    assertThat(failedTooLate).bodyJson().extractingPath("$.delivery_status").isEqualTo("read");
  }

  @Test
  void aStatusCallbackMustBeSignedOnASignedChannel() {
    Created created = agentMessageOnNewChannel();

    assertThat(status(created, "delivered", null)).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(status(created, "delivered", "wrong-secret")).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void anUnknownMessageAndAnotherCompanysLookTheSame() {
    Created created = agentMessageOnNewChannel();
    Created unknown = new Created(created.channelId(), null, 0, 999_999_999L);

    MvcTestResult missing = status(unknown, "delivered", created.secret());
    // Globex's seeded AI message 4, asked for through Acme's channel.
    MvcTestResult foreign =
        status(new Created(created.channelId(), null, 0, 4), "delivered", created.secret());

    assertThat(missing).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(foreign).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(read(foreign, "$.detail").toString()).isEqualTo("Message 4 not found");
  }

  @Test
  void aStatusNeedsAKnownStatusAndAMessageId() {
    Created created = agentMessageOnNewChannel();
    TestWebhook noId =
        statusReport(created, "delivered").without("message_id").signedWith(created.secret());

    assertThat(status(created, "lost", created.secret())).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(deliver(noId)).hasStatus(HttpStatus.BAD_REQUEST);
  }

  @Test
  void anotherCompanysMessageCannotBeRetried() {
    // Globex's seeded conversation 2 and its AI message 4, with Acme's key.
    MvcTestResult foreign = call("POST", "/conversations/2/messages/4/retry", null);

    assertThat(foreign).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(read(foreign, "$.detail").toString()).isEqualTo("Conversation 2 not found");
  }

  @Test
  void onlyAFailedMessageCanBeRetried() {
    Created created = agentMessageOnNewChannel();
    String retry =
        "/conversations/%d/messages/%d/retry"
            .formatted(created.conversationId(), created.messageId());

    assertThat(call("POST", retry, null)).hasStatus(HttpStatus.CONFLICT);

    assertThat(status(created, "failed", created.secret())).hasStatus(HttpStatus.OK);
    MvcTestResult retried = call("POST", retry, null);

    assertThat(retried).hasStatus(HttpStatus.ACCEPTED);
    assertThat(retried).bodyJson().extractingPath("$.delivery_status").isEqualTo("pending");
    assertThat(
            call(
                "POST",
                "/conversations/%d/messages/%d/retry"
                    .formatted(created.conversationId(), 999_999_999L),
                null))
        .hasStatus(HttpStatus.NOT_FOUND);
  }
}
