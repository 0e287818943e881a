package com.omnichannel.api.webhook;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.web.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The signature scheme providers such as Meta use: {@code X-Hub-Signature-256: sha256=<hex>}, the
 * HMAC-SHA256 of the raw request body under the channel's webhook secret.
 */
final class WebhookSignature {

  static final String HEADER = Channel.SIGNATURE_HEADER;
  private static final String PREFIX = Channel.SIGNATURE_PREFIX;
  private static final String CHALLENGE = "HMAC-SHA256 header=\"" + HEADER + "\"";

  private WebhookSignature() {}

  /**
   * Passes when the channel does not sign, or when {@code header} is the body's signature. Compares
   * in constant time.
   *
   * @throws UnauthenticatedException when the signature is missing or wrong
   */
  static void verify(Channel channel, byte[] body, String header) {
    if (channel.webhookSecret() == null) {
      return;
    }
    if (header == null || !header.startsWith(PREFIX)) {
      throw new UnauthenticatedException(
          "Channel " + channel.id() + " requires a " + HEADER + " signature", CHALLENGE);
    }
    byte[] expected = sign(channel.webhookSecret(), body).getBytes(StandardCharsets.US_ASCII);
    byte[] given =
        header.substring(PREFIX.length()).toLowerCase().getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new UnauthenticatedException(
          "The " + HEADER + " signature does not match the body", CHALLENGE);
    }
  }

  static String sign(String secret, byte[] body) {
    return Channel.hmacSha256Hex(secret, body);
  }
}
