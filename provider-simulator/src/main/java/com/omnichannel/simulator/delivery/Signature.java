package com.omnichannel.simulator.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The scheme the API uses both ways: {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of
 * the raw body under the channel's webhook secret. It is Meta's, so the WhatsApp route signs its
 * webhooks with it too, under the app secret.
 */
public final class Signature {

  public static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";

  private Signature() {}

  /** A Mac per thread: looking one up costs more than the HMAC of a webhook's body. */
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("Every JVM has HmacSHA256", e);
            }
          });

  /** The header value for {@code body}. */
  public static String of(String secret, byte[] body) {
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("A secret is a valid HmacSHA256 key", e);
    }
  }

  /** Whether {@code header} signs {@code body}; compared in constant time. */
  static boolean matches(String secret, byte[] body, String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    String normalized = PREFIX + header.substring(PREFIX.length()).toLowerCase();
    return MessageDigest.isEqual(
        of(secret, body).getBytes(StandardCharsets.US_ASCII),
        normalized.getBytes(StandardCharsets.US_ASCII));
  }
}
