package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * The API asks for one delivery attempt of an AI or agent message to its channel's provider. The
 * API renders and signs the request, so no channel secret travels through Kafka in clear: the
 * sender posts {@code body} unchanged to {@code outboundUrl}, with the credentials it opens from
 * {@code sealedCredentials}.
 *
 * @param attempt the attempt this request is for, counted from 1; a request that was not answered
 *     in time is requested again with the same number
 * @param outboundUrl where the channel's provider takes messages
 * @param body the exact JSON request body
 * @param signature the {@code X-Hub-Signature-256} header value ({@code sha256=<hex>}); null when
 *     the channel has no webhook secret
 * @param correlationId the {@code X-Correlation-Id} to send
 * @param provider whose API the request is for ({@code generic}, {@code whatsapp_cloud}, {@code
 *     twilio}, {@code telegram}); null means generic
 * @param contentType the body's media type; null means {@code application/json}
 * @param sealedCredentials the {@link ProviderCredentials} the request needs, sealed with {@link
 *     SecretBox} for {@link ProviderCredentials#context(long)}; null when it needs none
 */
public record OutboundMessageRequested(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("company_id") long companyId,
    @JsonProperty("conversation_id") long conversationId,
    @JsonProperty("message_id") long messageId,
    @JsonProperty("channel_id") long channelId,
    @JsonProperty("attempt") int attempt,
    @JsonProperty("outbound_url") String outboundUrl,
    @JsonProperty("body") String body,
    @JsonProperty("signature") String signature,
    @JsonProperty("correlation_id") String correlationId,
    @JsonProperty("provider") String provider,
    @JsonProperty("content_type") String contentType,
    @JsonProperty("sealed_credentials") String sealedCredentials) {

  public static final String TYPE = "OutboundMessageRequested";
  public static final int SCHEMA_VERSION = 2;

  /** A generic channel's request, as schema version 1 had it. */
  public static OutboundMessageRequested of(
      Instant occurredAt,
      long companyId,
      long conversationId,
      long messageId,
      long channelId,
      int attempt,
      String outboundUrl,
      String body,
      String signature,
      String correlationId) {
    return of(
        occurredAt,
        companyId,
        conversationId,
        messageId,
        channelId,
        attempt,
        outboundUrl,
        body,
        signature,
        correlationId,
        null,
        null,
        null);
  }

  public static OutboundMessageRequested of(
      Instant occurredAt,
      long companyId,
      long conversationId,
      long messageId,
      long channelId,
      int attempt,
      String outboundUrl,
      String body,
      String signature,
      String correlationId,
      String provider,
      String contentType,
      String sealedCredentials) {
    return new OutboundMessageRequested(
        EventIds.random(),
        TYPE,
        SCHEMA_VERSION,
        occurredAt,
        companyId,
        conversationId,
        messageId,
        channelId,
        attempt,
        outboundUrl,
        body,
        signature,
        correlationId,
        provider,
        contentType,
        sealedCredentials);
  }
}
