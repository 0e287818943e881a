package com.omnichannel.api.provider.twilio;

import static com.omnichannel.api.provider.ProviderPayloads.newId;
import static com.omnichannel.api.provider.ProviderPayloads.newWaId;
import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import com.omnichannel.api.provider.ProviderPayloads;
import com.omnichannel.api.provider.StoredMessages;
import com.omnichannel.api.provider.twilio.TwilioForm.Parameter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Behind a proxy the request's own URL is not the one Twilio called: with OMNI_PUBLIC_BASE_URL set,
 * the signature is checked over that URL. Real HTTP, so that the form body is read as the servlet
 * container hands it over.
 */
@ApiIntegrationTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "omni.providers.public-base-url=https://chat.example.com/")
// Closed after the class, so that its outbox relay does not keep the relay lock from the
// contexts of the tests that run after it.
@DirtiesContext
class TwilioPublicUrlTest {

  static final String PATH = "/webhooks/twilio/4";

  final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  HttpResponse<String> post(String pathAndQuery, List<Map.Entry<String, String>> params, String url)
      throws Exception {
    String signature =
        TwilioSignature.sign(
            TwilioWebhookTest.AUTH_TOKEN,
            url,
            params.stream().map(p -> new Parameter(p.getKey(), p.getValue())).toList());
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(ProviderPayloads.encode(params)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRequestSignedForThePublicUrlPassesThoughItArrivedAtLocalhost() throws Exception {
    String sid = newId("SM");
    var params = TwilioWebhookTest.sms(sid, "+" + newWaId(), "Via the proxy");

    HttpResponse<String> response =
        post(PATH + "?a=1", params, "https://chat.example.com" + PATH + "?a=1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(TwilioWebhookTest.EMPTY_TWIML);
    assertThat(new StoredMessages(jdbc, transaction).get(4, sid).content())
        .isEqualTo("Via the proxy");
  }

  @Test
  void aRequestSignedForTheUrlItArrivedAtIsRefused() throws Exception {
    String sid = newId("SM");
    var params = TwilioWebhookTest.sms(sid, "+" + newWaId(), "Around the proxy");

    HttpResponse<String> response = post(PATH, params, "http://localhost:" + port + PATH);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(new StoredMessages(jdbc, transaction).count(4, sid)).isZero();
  }
}
