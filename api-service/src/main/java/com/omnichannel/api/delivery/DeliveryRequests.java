package com.omnichannel.api.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.ChannelSecrets;
import com.omnichannel.api.company.Provider;
import com.omnichannel.api.conversation.OutboundMessage;
import com.omnichannel.api.conversation.Sender;
import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.ProviderCredentials;
import com.omnichannel.contracts.SecretBox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the request for one delivery attempt: our generic JSON, signed with the channel's webhook
 * secret, or the channel's provider's own request, whose credentials travel sealed so that only the
 * gateway opens them.
 */
@Component
class DeliveryRequests {

  private final Map<Provider, ProviderRequests> providers = new EnumMap<>(Provider.class);
  private final SecretBox box;
  private final JsonMapper json;

  DeliveryRequests(List<ProviderRequests> providers, ChannelSecrets secrets, JsonMapper json) {
    providers.forEach(requests -> this.providers.put(requests.provider(), requests));
    this.box = secrets.box();
    this.json = json;
  }

  /** The body of a generic channel's delivery request, exactly as its provider receives it. */
  record DeliveryRequestBody(
      @JsonProperty("message_id") long messageId,
      @JsonProperty("conversation_id") long conversationId,
      @JsonProperty("company_id") long companyId,
      @JsonProperty("channel_id") long channelId,
      @JsonProperty("to") String to,
      @JsonProperty("sender") Sender sender,
      @JsonProperty("text") String text,
      @JsonProperty("created_at") Instant createdAt) {}

  /**
   * Why the message cannot be requested at all; null when it can. A generic channel needs an
   * outbound URL; a provider's channel has its provider's API.
   */
  String unsendable(OutboundMessage message) {
    Channel channel = message.channel();
    if (channel.provider() == Provider.GENERIC && channel.outboundUrl() == null) {
      return "Channel " + channel.id() + " has no outbound_url";
    }
    if (message.to() == null) {
      return "The contact has no address on channel " + channel.id();
    }
    return null;
  }

  /** The request for the message's next attempt. */
  OutboundMessageRequested request(OutboundMessage message, Instant now, String correlationId) {
    Channel channel = message.channel();
    if (channel.provider() == Provider.GENERIC) {
      byte[] body =
          json.writeValueAsBytes(
              new DeliveryRequestBody(
                  message.id(),
                  message.conversationId(),
                  message.companyId(),
                  channel.id(),
                  message.to(),
                  message.sender(),
                  message.text(),
                  message.createdAt()));
      return OutboundMessageRequested.of(
          now,
          message.companyId(),
          message.conversationId(),
          message.id(),
          channel.id(),
          message.attempts() + 1,
          channel.outboundUrl(),
          new String(body, StandardCharsets.UTF_8),
          channel.signature(body),
          correlationId);
    }
    ProviderRequest rendered = providers.get(channel.provider()).render(message);
    ProviderCredentials credentials = rendered.credentials();
    return OutboundMessageRequested.of(
        now,
        message.companyId(),
        message.conversationId(),
        message.id(),
        channel.id(),
        message.attempts() + 1,
        rendered.url(),
        rendered.body(),
        null,
        correlationId,
        channel.provider().spelling(),
        rendered.contentType(),
        credentials == null
            ? null
            : box.seal(
                json.writeValueAsString(credentials), ProviderCredentials.context(message.id())));
  }
}
