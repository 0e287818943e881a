package com.omnichannel.api.provider;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.company.CompanyDirectory;
import com.omnichannel.api.company.Provider;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.InboundMessage;
import com.omnichannel.api.ratelimit.RateLimitExceededException;
import com.omnichannel.api.ratelimit.RateLimiter;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ResourceNotFoundException;
import com.omnichannel.kafka.RecordTracing;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every provider's webhook does around its own proof and format: finds the channel its URL
 * names, spends one of the channel's webhooks, and stores what the provider delivered. Each message
 * is stored in a transaction of its own, and a retry of a stored one changes nothing, so a delivery
 * that fails halfway is answered with an error and its retry stores the rest.
 */
@Service
public class ProviderWebhooks {

  private final CompanyDirectory directory;
  private final Conversations conversations;
  private final ProviderStatuses statuses;
  private final RateLimiter rateLimiter;
  private final JsonMapper json;

  ProviderWebhooks(
      CompanyDirectory directory,
      Conversations conversations,
      ProviderStatuses statuses,
      RateLimiter rateLimiter,
      JsonMapper json) {
    this.directory = directory;
    this.conversations = conversations;
    this.statuses = statuses;
    this.rateLimiter = rateLimiter;
    this.json = json;
  }

  /**
   * The channel the webhook's URL names. A channel that does not exist and one of another provider
   * get the same answer, so that the URLs tell nothing more than the provider's own does.
   *
   * @throws ResourceNotFoundException unless it is a channel of {@code provider}
   */
  public Channel channel(long channelId, Provider provider) {
    return directory
        .findChannel(channelId)
        .filter(channel -> channel.provider() == provider)
        .orElseThrow(() -> new ResourceNotFoundException("Channel " + channelId + " not found"));
  }

  /**
   * Takes one webhook from the channel's budget. Called once the provider's proof is checked, so
   * that unsigned junk cannot spend a channel's budget.
   *
   * @throws RateLimitExceededException when the channel is over its limit
   */
  public void admit(Channel channel) {
    rateLimiter
        .tryWebhook(channel.id())
        .ifPresent(
            wait -> {
              throw new RateLimitExceededException(
                  "Rate limit of channel " + channel.id() + " exceeded; retry after " + wait + " s",
                  wait);
            });
  }

  /**
   * A JSON body in the provider's format.
   *
   * @throws InvalidRequestException when it is not a JSON object
   */
  public <T> T readJson(byte[] body, Class<T> type) {
    T read = body.length == 0 ? null : json.readValue(body, type);
    if (read == null) {
      throw new InvalidRequestException("The request body must be a JSON object");
    }
    return read;
  }

  /** Stores the messages, then the statuses, in the provider's order. */
  public void store(Channel channel, ProviderEvents events, String correlationId) {
    try (var logged = MDC.putCloseable(RecordTracing.CORRELATION_MDC, correlationId)) {
      for (InboundMessage message : events.messages()) {
        conversations.appendInbound(channel, message, correlationId);
      }
      for (StatusUpdate status : events.statuses()) {
        statuses.record(channel, status);
      }
    }
  }
}
