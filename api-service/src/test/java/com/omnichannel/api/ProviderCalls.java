package com.omnichannel.api;

import com.omnichannel.testing.TestWebhook;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** A provider's call to the API through MockMvc: the webhook's body and headers, no API key. */
public final class ProviderCalls {

  private ProviderCalls() {}

  public static MvcTestResult deliver(MockMvcTester mvc, TestWebhook webhook) {
    return deliver(mvc, webhook, Map.of());
  }

  /** With headers beyond the webhook's own (its signature). */
  public static MvcTestResult deliver(
      MockMvcTester mvc, TestWebhook webhook, Map<String, String> headers) {
    var request =
        mvc.post()
            .uri(webhook.path())
            .contentType(MediaType.APPLICATION_JSON)
            .content(webhook.json());
    webhook.headers().forEach(request::header);
    headers.forEach(request::header);
    return request.exchange();
  }

  /** A provider's own format (Meta's JSON, Twilio's form, a Telegram update) to {@code path}. */
  public static MvcTestResult post(
      MockMvcTester mvc,
      String path,
      MediaType contentType,
      byte[] body,
      Map<String, String> headers) {
    var request = mvc.post().uri(path).contentType(contentType).content(body);
    headers.forEach(request::header);
    return request.exchange();
  }
}
