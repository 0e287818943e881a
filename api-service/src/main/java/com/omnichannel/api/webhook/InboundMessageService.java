package com.omnichannel.api.webhook;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.Provider;
import com.omnichannel.api.conversation.ContactAddress;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.conversation.InboundResult;
import com.omnichannel.api.conversation.Message;
import com.omnichannel.api.delivery.Deliveries;
import com.omnichannel.api.ratelimit.RateLimitExceededException;
import com.omnichannel.api.ratelimit.RateLimiter;
import com.omnichannel.api.web.ResourceNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Checks a provider's request (its channel, signature and rate limit), then hands it to the
 * conversations: an inbound message, or the status of a message we sent. Retries of the same
 * provider message change nothing.
 */
@Service
class InboundMessageService {

  private final CompanyDirectory directory;
  private final Conversations conversations;
  private final Deliveries deliveries;
  private final RateLimiter rateLimiter;

  InboundMessageService(
      CompanyDirectory directory,
      Conversations conversations,
      Deliveries deliveries,
      RateLimiter rateLimiter) {
    this.directory = directory;
    this.conversations = conversations;
    this.deliveries = deliveries;
    this.rateLimiter = rateLimiter;
  }

  /**
   * Checks the delivery's channel, signature and rate limit, then stores it. The signature comes
   * before the rate limit, so unsigned junk cannot spend a signed channel's budget.
   *
   * @param body the raw request body, which the signature covers
   */
  InboundResult receive(
      InboundMessageRequest request, byte[] body, String signature, String correlationId) {
    Channel channel = authenticate(request.companyId(), request.channelId(), body, signature);
    ContactAddress from = ContactAddress.parse(channel, request.from());
    return conversations.appendInbound(
        channel, from, request.channelMessageId(), request.text(), correlationId);
  }

  /**
   * Checks a status callback like a delivery, then stores the status.
   *
   * @param body the raw request body, which the signature covers
   */
  Message receiveStatus(ProviderStatusRequest request, byte[] body, String signature) {
    Channel channel = authenticate(request.companyId(), request.channelId(), body, signature);
    return deliveries.recordProviderStatus(
        channel.companyId(),
        channel.id(),
        request.messageId(),
        request.messageId() == null ? request.providerMessageId() : null,
        DeliveryStatus.of(request.status()),
        request.error());
  }

  /** The channel, once the signature is checked and the channel's rate limit allows one more. */
  private Channel authenticate(long companyId, long channelId, byte[] body, String signature) {
    Channel channel = channelOf(companyId, channelId);
    WebhookSignature.verify(channel, body, signature);
    rateLimiter
        .tryWebhook(channel.id())
        .ifPresent(
            wait -> {
              throw new RateLimitExceededException(
                  "Rate limit of channel " + channel.id() + " exceeded; retry after " + wait + " s",
                  wait);
            });
    return channel;
  }

  /**
   * The channel, if it is the company's and generic. An unknown company and another company's
   * channel get the same answer, so the webhook tells nobody which companies exist; a real
   * provider's channel takes only its provider's own webhooks, proven its provider's way.
   */
  private Channel channelOf(long companyId, long channelId) {
    return directory
        .findChannel(companyId, channelId)
        .filter(channel -> channel.provider() == Provider.GENERIC)
        .orElseThrow(() -> new ResourceNotFoundException("Channel " + channelId + " not found"));
  }
}
