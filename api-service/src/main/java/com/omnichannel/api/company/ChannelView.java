package com.omnichannel.api.company;

/**
 * A channel as the API shows it: never its secrets, only whether it signs.
 *
 * @param webhookUrl where the channel's provider posts: what to give Meta, Twilio or BotFather's
 *     setWebhook
 * @param webhookSecret only in the answer to the change that made a provider's channel generic
 *     again: the new secret it signs with, shown that once; null (left out) otherwise
 */
public record ChannelView(
    long id,
    long companyId,
    String name,
    String type,
    String outboundUrl,
    boolean signed,
    Provider provider,
    Object providerConfig,
    String webhookUrl,
    String webhookSecret) {

  /**
   * @param publicBaseUrl the URL providers reach the API at; null: webhook URLs are shown as paths
   */
  static ChannelView of(Channel channel, String newWebhookSecret, String publicBaseUrl) {
    return new ChannelView(
        channel.id(),
        channel.companyId(),
        channel.name(),
        channel.type(),
        channel.outboundUrl(),
        channel.webhookSecret() != null || channel.provider() != Provider.GENERIC,
        channel.provider(),
        channel.config().visible(),
        webhookUrl(channel.provider(), channel.id(), publicBaseUrl),
        newWebhookSecret);
  }

  static String webhookUrl(Provider provider, long channelId, String publicBaseUrl) {
    String path =
        switch (provider) {
          case GENERIC -> "/webhooks/inbound";
          case WHATSAPP_CLOUD -> "/webhooks/whatsapp/" + channelId;
          case TWILIO -> "/webhooks/twilio/" + channelId;
          case TELEGRAM -> "/webhooks/telegram/" + channelId;
        };
    return publicBaseUrl == null ? path : publicBaseUrl + path;
  }
}
