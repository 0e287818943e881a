package com.omnichannel.api.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.api.company.ProviderProperties;
import com.omnichannel.api.provider.ProviderPayloads;
import com.omnichannel.api.provider.twilio.TwilioForm.Parameter;
import com.omnichannel.api.web.ForbiddenException;
import com.twilio.security.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Our check of {@code X-Twilio-Signature} against Twilio's documented example and against Twilio's
 * own Java helper ({@link RequestValidator}) on real-shaped requests: both accept the same
 * signatures and both refuse the same tampered ones.
 */
class TwilioSignatureTest {

  static final String AUTH_TOKEN = "demo-twilio-auth-token";

  final TwilioSignature signatures = new TwilioSignature(new ProviderProperties(null));

  /** Twilio's worked example in "Validate incoming requests". */
  @Test
  void twiliosDocumentedExampleHasItsDocumentedSignature() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", "CA1234567890ABCDE");
    params.put("Caller", "+14158675309");
    params.put("Digits", "1234");
    params.put("From", "+14158675309");
    params.put("To", "+18005551212");
    String url = "https://mycompany.com/myapp.php?foo=1&bar=2";

    String ours = TwilioSignature.sign("12345", url, parameters(params));

    assertThat(ours).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assertThat(new RequestValidator("12345").validate(url, params, ours)).isTrue();
  }

  /** A request as it arrived: scheme, host, port, path and query. */
  static MockHttpServletRequest arrived(String scheme, String host, int port, String query) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/twilio/4");
    request.setScheme(scheme);
    request.setServerName(host);
    request.setServerPort(port);
    request.setQueryString(query);
    return request;
  }

  static List<Parameter> parameters(Map<String, String> params) {
    return params.entrySet().stream()
        .map(entry -> new Parameter(entry.getKey(), entry.getValue()))
        .toList();
  }

  /** An incoming message's parameters as Twilio posts them, and as our form reads them back. */
  static Map<String, String> incoming(String body) {
    return ProviderPayloads.asMap(
        ProviderPayloads.form(
            "twilio/incoming-mms.form",
            Map.of(
                "sid",
                "MM" + "0".repeat(31) + "1",
                "from",
                "+14155551234",
                "body",
                body,
                "contentType",
                "image/jpeg")));
  }

  void assertBothAccept(MockHttpServletRequest request, Map<String, String> params) {
    String url = signatures.signedUrl(request);
    String signature = TwilioSignature.sign(AUTH_TOKEN, url, parameters(params));
    TwilioForm form = readBack(params);

    assertThat(new RequestValidator(AUTH_TOKEN).validate(url, params, signature)).isTrue();
    assertThatCode(() -> signatures.verify(AUTH_TOKEN, request, form, signature))
        .doesNotThrowAnyException();

    Map<String, String> tampered = new LinkedHashMap<>(params);
    tampered.put("Body", params.get("Body") + "!");
    assertThat(new RequestValidator(AUTH_TOKEN).validate(url, tampered, signature)).isFalse();
    assertThatThrownBy(() -> signatures.verify(AUTH_TOKEN, request, readBack(tampered), signature))
        .isInstanceOf(ForbiddenException.class);
    assertThat(new RequestValidator("another-token").validate(url, params, signature)).isFalse();
    assertThatThrownBy(() -> signatures.verify("another-token", request, form, signature))
        .isInstanceOf(ForbiddenException.class);
  }

  /** The parameters through the wire and back: encoded as Twilio posts them, then parsed. */
  static TwilioForm readBack(Map<String, String> params) {
    String body =
        ProviderPayloads.encode(
            params.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    return TwilioForm.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void ourSignatureAgreesWithTwiliosHelperOnRealShapedRequests() {
    assertBothAccept(arrived("https", "chat.example.com", 443, null), incoming("Hello there"));
    assertBothAccept(
        arrived("https", "chat.example.com", 443, "tenant=acme&lang=pt-BR"),
        incoming("Olá! Preço: 10€ & mais 👋 100% certo?"));
    assertBothAccept(arrived("http", "127.0.0.1", 8000, null), incoming("a+b=c"));
    assertBothAccept(arrived("http", "localhost", 80, "x=%20y"), incoming(""));
  }

  /** Twilio's helpers accept a URL's signature with and without its port; so does ours. */
  @Test
  void aSignatureOverTheUrlWithOrWithoutItsPortIsAccepted() {
    Map<String, String> params = incoming("Port?");
    TwilioForm form = readBack(params);
    MockHttpServletRequest request = arrived("https", "chat.example.com", 443, null);
    String withPort =
        TwilioSignature.sign(
            AUTH_TOKEN, "https://chat.example.com:443/webhooks/twilio/4", parameters(params));

    assertThat(
            new RequestValidator(AUTH_TOKEN)
                .validate("https://chat.example.com/webhooks/twilio/4", params, withPort))
        .isTrue();
    assertThatCode(() -> signatures.verify(AUTH_TOKEN, request, form, withPort))
        .doesNotThrowAnyException();

    MockHttpServletRequest onAPort = arrived("http", "127.0.0.1", 8000, null);
    String withoutPort =
        TwilioSignature.sign(AUTH_TOKEN, "http://127.0.0.1/webhooks/twilio/4", parameters(params));
    assertThat(
            new RequestValidator(AUTH_TOKEN)
                .validate("http://127.0.0.1:8000/webhooks/twilio/4", params, withoutPort))
        .isTrue();
    assertThatCode(() -> signatures.verify(AUTH_TOKEN, onAPort, form, withoutPort))
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingSignatureOrOneForAnotherUrlIsRefused() {
    Map<String, String> params = incoming("Hi");
    TwilioForm form = readBack(params);
    MockHttpServletRequest request = arrived("https", "chat.example.com", 443, null);
    String forAnotherPath =
        TwilioSignature.sign(
            AUTH_TOKEN, "https://chat.example.com/webhooks/twilio/5", parameters(params));

    assertThat(
            new RequestValidator(AUTH_TOKEN)
                .validate("https://chat.example.com/webhooks/twilio/4", params, forAnotherPath))
        .isFalse();
    assertThatThrownBy(() -> signatures.verify(AUTH_TOKEN, request, form, forAnotherPath))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> signatures.verify(AUTH_TOKEN, request, form, null))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> signatures.verify(AUTH_TOKEN, request, form, ""))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void thePublicBaseUrlReplacesTheSchemeHostAndPortTheRequestArrivedAt() {
    var behindAProxy = new TwilioSignature(new ProviderProperties("https://chat.example.com/"));

    assertThat(behindAProxy.signedUrl(arrived("http", "10.0.0.7", 8000, "a=1")))
        .isEqualTo("https://chat.example.com/webhooks/twilio/4?a=1");
    assertThat(signatures.signedUrl(arrived("http", "10.0.0.7", 8000, "a=1")))
        .isEqualTo("http://10.0.0.7:8000/webhooks/twilio/4?a=1");
  }
}
