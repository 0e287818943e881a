package com.omnichannel.api.provider;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.delivery.Deliveries;
import com.omnichannel.api.web.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where every provider's status of a message we sent goes: to the message whose provider id it
 * names, forward only. A status of a message this backend does not know (sent from elsewhere, or
 * not recorded yet) is logged and acknowledged, so that the provider does not retry it for days.
 */
@Component
public class ProviderStatuses {

  private static final Logger log = LoggerFactory.getLogger(ProviderStatuses.class);

  private final Deliveries deliveries;

  ProviderStatuses(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  public void record(Channel channel, StatusUpdate update) {
    try {
      deliveries.recordProviderStatus(
          channel.companyId(),
          channel.id(),
          null,
          update.providerMessageId(),
          update.status(),
          update.error());
    } catch (ResourceNotFoundException e) {
      log.info(
          "Channel {}: status {} of unknown provider message {} ignored",
          channel.id(),
          update.status().spelling(),
          update.providerMessageId());
    }
  }
}
