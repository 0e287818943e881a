package com.omnichannel.api.company;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A company's channel. Its type decides what identifies a contact on it.
 *
 * @param webhookSecret the key its provider signs webhook bodies with, and we sign the messages we
 *     send it with; null when it does not sign
 * @param outboundUrl where its provider takes the messages we send; null when none is set
 * @param provider whose format it speaks
 * @param config its account at the provider, secrets opened; {@link ProviderConfig.None} for
 *     generic channels
 */
public record Channel(
    long id,
    long companyId,
    String name,
    String type,
    String webhookSecret,
    String outboundUrl,
    Provider provider,
    ProviderConfig config) {

  /** A generic channel. */
  public Channel(
      long id, long companyId, String name, String type, String webhookSecret, String outboundUrl) {
    this(
        id,
        companyId,
        name,
        type,
        webhookSecret,
        outboundUrl,
        Provider.GENERIC,
        new ProviderConfig.None());
  }

  /** Channel types, and so the providers, this backend accepts. */
  public static final Set<String> TYPES = Set.of("whatsapp", "sms", "email", "telegram");

  /** The header both directions sign with, as providers such as Meta do. */
  public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

  public static final String SIGNATURE_PREFIX = "sha256=";

  /**
   * The account of a channel of {@code kind}'s provider.
   *
   * @throws IllegalStateException when the channel has another provider
   */
  public <T extends ProviderConfig> T config(Class<T> kind) {
    if (!kind.isInstance(config)) {
      throw new IllegalStateException(
          "Channel "
              + id
              + " is a "
              + provider.spelling()
              + " channel, not "
              + kind.getSimpleName());
    }
    return kind.cast(config);
  }

  /** Without the webhook secret and the account's secrets, which must never reach a log. */
  @Override
  public String toString() {
    return "Channel[id=%d, companyId=%d, name=%s, type=%s, provider=%s, signed=%b]"
        .formatted(id, companyId, name, type, provider.spelling(), webhookSecret != null);
  }

  /** Email channels identify contacts by address; every other channel by phone number. */
  public boolean identifiesContactsByEmail() {
    return "email".equals(type);
  }

  /**
   * The {@value #SIGNATURE_HEADER} value for {@code body}: {@code sha256=<hex HMAC-SHA256>} under
   * the webhook secret; null when the channel has no secret.
   */
  public String signature(byte[] body) {
    return webhookSecret == null ? null : SIGNATURE_PREFIX + hmacSha256Hex(webhookSecret, body);
  }

  public static String hmacSha256Hex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every JVM has HmacSHA256", e);
    }
  }
}
