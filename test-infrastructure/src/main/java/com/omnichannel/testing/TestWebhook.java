package com.omnichannel.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provider's call to one of the API's generic webhooks, as a test sends it: the path, the exact
 * JSON body and, for a channel with a webhook secret, the signature header over that body.
 *
 * <pre>{@code
 * TestWebhook webhook = TestWebhook.inbound().channel(7).text("Hi").signedWith(secret);
 * http.post(webhook.path(), webhook.json(), webhook.headers());
 * }</pre>
 *
 * <p>The same builder gives the same body each time, so sending it twice is a provider's retry.
 */
public final class TestWebhook {

  public static final String INBOUND_PATH = "/webhooks/inbound";
  public static final String STATUS_PATH = "/webhooks/status";

  /** The scheme providers such as Meta use: {@code sha256=<hex>}, HMAC-SHA256 of the raw body. */
  public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String path;
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private String secret;

  private TestWebhook(String path) {
    this.path = path;
  }

  /**
   * An inbound message ({@code POST /webhooks/inbound}) to the demo's Acme Corp on its WhatsApp
   * channel (company 1, channel 1), from a phone number and with a provider id no other test uses.
   */
  public static TestWebhook inbound() {
    return new TestWebhook(INBOUND_PATH)
        .company(1)
        .channel(1)
        .from(newPhone())
        .text("Hello")
        .channelMessageId(UUID.randomUUID().toString());
  }

  /**
   * A provider's report ({@code POST /webhooks/status}) that our message {@code messageId} on the
   * demo's Acme WhatsApp channel reached {@code status} ({@code delivered}, {@code read}, ...).
   */
  public static TestWebhook status(long messageId, String status) {
    return new TestWebhook(STATUS_PATH)
        .company(1)
        .channel(1)
        .field("message_id", messageId)
        .field("status", status);
  }

  /** A phone number no other test uses: {@code +1777} and seven digits. */
  public static String newPhone() {
    return "+1777" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
  }

  public TestWebhook company(long companyId) {
    return field("company_id", companyId);
  }

  public TestWebhook channel(long channelId) {
    return field("channel_id", channelId);
  }

  public TestWebhook from(String from) {
    return field("from", from);
  }

  public TestWebhook text(String text) {
    return field("text", text);
  }

  /** The provider's id of the inbound message, on which the API deduplicates. */
  public TestWebhook channelMessageId(String channelMessageId) {
    return field("channel_message_id", channelMessageId);
  }

  /** The provider's id of our message, in a status report (instead of or beside its id). */
  public TestWebhook providerMessageId(String providerMessageId) {
    return field("provider_message_id", providerMessageId);
  }

  /** Any field, in the order given; a value of the wrong type is how a test sends a bad body. */
  public TestWebhook field(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  /** The body without {@code name}, for a test of a missing field. */
  public TestWebhook without(String name) {
    fields.remove(name);
    return this;
  }

  /** Signs the body as a provider with the channel's webhook {@code secret} does. */
  public TestWebhook signedWith(String secret) {
    this.secret = secret;
    return this;
  }

  public String path() {
    return path;
  }

  /** The fields of the body, in order. */
  public Map<String, Object> fields() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The exact body. */
  public String json() {
    return JSON.writeValueAsString(fields);
  }

  /** The signature header over {@link #json()} when signed, else none. */
  public Map<String, String> headers() {
    return secret == null ? Map.of() : Map.of(SIGNATURE_HEADER, signature(secret, json()));
  }

  /** The {@link #SIGNATURE_HEADER} value for {@code body} under {@code secret}. */
  public static String signature(String secret, String body) {
    return signature(secret, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@link #SIGNATURE_HEADER} value for {@code body} under {@code secret}. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("No HMAC-SHA256 in this JVM", e);
    }
  }
}
