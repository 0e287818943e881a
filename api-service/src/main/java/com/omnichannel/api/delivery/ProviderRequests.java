package com.omnichannel.api.delivery;

import com.omnichannel.api.company.Provider;
import com.omnichannel.api.conversation.OutboundMessage;

/**
 * How one provider's API takes a message: each real provider's module renders its own request,
 * which the gateway then posts as it is.
 */
public interface ProviderRequests {

  /** The provider whose channels this renders for. */
  Provider provider();

  /** The request that sends {@code message} through its channel's account. */
  ProviderRequest render(OutboundMessage message);
}
