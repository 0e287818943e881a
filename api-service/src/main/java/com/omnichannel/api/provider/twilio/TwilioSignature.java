package com.omnichannel.api.provider.twilio;

import com.omnichannel.api.company.ProviderProperties;
import com.omnichannel.api.provider.ConstantTime;
import com.omnichannel.api.provider.twilio.TwilioForm.Parameter;
import com.omnichannel.api.web.ForbiddenException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Twilio's request signature, {@code X-Twilio-Signature}: the base64 HMAC-SHA1, under the account's
 * auth token, of the URL Twilio called followed by every POST parameter sorted by name, each name
 * immediately followed by its value. The URL is {@code OMNI_PUBLIC_BASE_URL} + path + query when
 * that is set (behind a proxy the request's own URL is not the one Twilio called), else the URL as
 * the request arrived. As Twilio's own helpers do, the URL is accepted with and without its port (a
 * default port may or may not have been written). Compared in constant time.
 */
@Component
class TwilioSignature {

  static final String HEADER = "X-Twilio-Signature";

  private final String publicBaseUrl;

  TwilioSignature(ProviderProperties providers) {
    this.publicBaseUrl = providers.baseUrl();
  }

  /**
   * @throws ForbiddenException when the signature is missing or is not the request's
   */
  void verify(String authToken, HttpServletRequest request, TwilioForm form, String signature) {
    if (signature == null || signature.isBlank()) {
      throw new ForbiddenException("Twilio webhooks require an " + HEADER + " signature");
    }
    String url = signedUrl(request);
    for (String candidate : List.of(url, withPortToggled(url))) {
      if (ConstantTime.equal(sign(authToken, candidate, form.parameters()), signature.strip())) {
        return;
      }
    }
    throw new ForbiddenException("The " + HEADER + " signature does not match the request");
  }

  /** The URL Twilio signed, as far as this request tells. */
  String signedUrl(HttpServletRequest request) {
    String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
    String base =
        publicBaseUrl != null
            ? publicBaseUrl + request.getRequestURI()
            : request.getRequestURL().toString();
    return base + query;
  }

  /** The signature of a request to {@code url} with these POST parameters. */
  static String sign(String authToken, String url, List<Parameter> parameters) {
    StringBuilder signed = new StringBuilder(url);
    parameters.stream()
        .sorted(Comparator.comparing(Parameter::name).thenComparing(Parameter::value))
        .forEach(parameter -> signed.append(parameter.name()).append(parameter.value()));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every JVM has HmacSHA1", e);
    }
  }

  /**
   * The URL without its port when it has one, else with its scheme's default port; the URL itself
   * when it is not one {@link URI} can read. Raw (still encoded) path and query, as signed.
   */
  static String withPortToggled(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      return url;
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      return url;
    }
    int port = uri.getPort() != -1 ? -1 : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return uri.getScheme()
        + "://"
        + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
        + uri.getHost()
        + (port == -1 ? "" : ":" + port)
        + (uri.getRawPath() == null ? "" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
        + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
  }
}
