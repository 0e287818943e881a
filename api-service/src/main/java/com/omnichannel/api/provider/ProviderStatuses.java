package com.omnichannel.api.provider;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.delivery.ProviderStatusBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where every provider's status of a message we sent goes: to the message whose provider id it
 * names, forward only. A status of a message whose provider id is not recorded (yet: the provider
 * may call back before the gateway's report of the send is stored; or ever: a message sent from
 * elsewhere) waits for it and is acknowledged, so that the provider does not retry it for days.
 */
@Component
public class ProviderStatuses {

  private static final Logger log = LoggerFactory.getLogger(ProviderStatuses.class);

  private final ProviderStatusBatches statuses;

  ProviderStatuses(ProviderStatusBatches statuses) {
    this.statuses = statuses;
  }

  public void record(Channel channel, StatusUpdate update) {
    boolean applied =
        statuses.record(
            channel.companyId(),
            channel.id(),
            update.providerMessageId(),
            update.status(),
            update.error());
    if (!applied) {
      log.debug(
          "Channel {}: status {} of provider message {} waits for the message's provider id",
          channel.id(),
          update.status().spelling(),
          update.providerMessageId());
    }
  }
}
