package com.omnichannel.api.company;

import java.util.Map;

/** What a change of a channel sets; null fields are left as they are. */
public record ChannelChange(
    boolean setsOutboundUrl,
    String outboundUrl,
    Provider provider,
    Map<String, Object> providerConfig) {

  /** Without the account's fields, which may hold secrets. */
  @Override
  public String toString() {
    return "ChannelChange[outboundUrl=%s, provider=%s, providerConfig=%s]"
        .formatted(
            outboundUrl,
            provider,
            providerConfig == null ? null : providerConfig.keySet() + " (values hidden)");
  }
}
