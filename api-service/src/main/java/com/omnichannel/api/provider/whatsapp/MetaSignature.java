package com.omnichannel.api.provider.whatsapp;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.ProviderConfig;
import com.omnichannel.api.provider.ConstantTime;
import com.omnichannel.api.web.ForbiddenException;
import com.omnichannel.api.web.UnauthenticatedException;
import java.util.Locale;

/**
 * How Meta proves a webhook is its own: notifications carry {@code X-Hub-Signature-256:
 * sha256=<hex>}, the HMAC-SHA256 of the raw body under the app secret; the subscription check
 * repeats the verify token given in the App Dashboard. Both are compared in constant time.
 */
final class MetaSignature {

  static final String HEADER = Channel.SIGNATURE_HEADER;
  private static final String PREFIX = Channel.SIGNATURE_PREFIX;
  private static final String CHALLENGE = "HMAC-SHA256 header=\"" + HEADER + "\"";
  static final String SUBSCRIBE = "subscribe";

  private MetaSignature() {}

  /**
   * @throws UnauthenticatedException when the signature is missing or is not the body's
   */
  static void verify(ProviderConfig.WhatsAppCloud account, byte[] body, String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      throw new UnauthenticatedException(
          "WhatsApp notifications require a " + HEADER + " signature", CHALLENGE);
    }
    String expected = Channel.hmacSha256Hex(account.appSecret(), body);
    String given = header.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    if (!ConstantTime.equal(expected, given)) {
      throw new UnauthenticatedException(
          "The " + HEADER + " signature does not match the body", CHALLENGE);
    }
  }

  /**
   * @throws ForbiddenException unless it is a subscription check with the channel's verify token
   */
  static void verifySubscription(
      ProviderConfig.WhatsAppCloud account, String mode, String verifyToken, String challenge) {
    if (!SUBSCRIBE.equals(mode)
        || challenge == null
        || !ConstantTime.equal(account.verifyToken(), verifyToken)) {
      throw new ForbiddenException(
          "hub.mode must be subscribe and hub.verify_token the channel's verify_token");
    }
  }
}
