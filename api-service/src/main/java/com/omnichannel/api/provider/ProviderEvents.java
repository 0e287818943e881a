package com.omnichannel.api.provider;

import com.omnichannel.api.conversation.InboundMessage;
import java.util.List;

/**
 * What one provider webhook delivered, in our terms: the contacts' messages and the statuses of
 * messages we sent, each in the order the provider listed them.
 */
public record ProviderEvents(List<InboundMessage> messages, List<StatusUpdate> statuses) {

  /** A delivery with nothing this backend keeps (another kind of event, or an unreadable one). */
  public static final ProviderEvents NONE = new ProviderEvents(List.of(), List.of());

  public ProviderEvents {
    messages = List.copyOf(messages);
    statuses = List.copyOf(statuses);
  }

  public static ProviderEvents of(InboundMessage message) {
    return new ProviderEvents(List.of(message), List.of());
  }

  public static ProviderEvents of(StatusUpdate status) {
    return new ProviderEvents(List.of(), List.of(status));
  }
}
