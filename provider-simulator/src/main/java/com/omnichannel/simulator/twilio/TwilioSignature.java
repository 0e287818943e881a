package com.omnichannel.simulator.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's webhook signature, {@code X-Twilio-Signature}: the base64 of the HMAC-SHA1, under the
 * account's auth token, of the full URL the webhook is posted to followed by every POST parameter,
 * sorted by name, as name then value.
 */
final class TwilioSignature {

  static final String HEADER = "X-Twilio-Signature";

  private TwilioSignature() {}

  static String of(String authToken, String url, Map<String, String> parameters) {
    StringBuilder signed = new StringBuilder(url);
    new TreeMap<>(parameters).forEach((name, value) -> signed.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every JVM has HmacSHA1", e);
    }
  }
}
