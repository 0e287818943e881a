package com.omnichannel.simulator.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook secrets the simulator shares with the API, per channel. A real provider and the
 * business agree on one secret per channel; here they come from configuration, so that the demo
 * channel that signs is checked in both directions.
 */
final class ChannelSecrets {

  private final Map<Long, String> secrets;

  private ChannelSecrets(Map<Long, String> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  /**
   * Reads {@code 2=globex-webhook-secret,7=abc}; blank means no channel signs. Fails on anything
   * else, so that a typo stops the simulator at start rather than turning a channel unsigned.
   */
  static ChannelSecrets parse(String pairs) {
    Map<Long, String> secrets = new HashMap<>();
    if (pairs != null && !pairs.isBlank()) {
      for (String pair : pairs.split(",")) {
        int equals = pair.indexOf('=');
        String channel = equals < 0 ? "" : pair.substring(0, equals).trim();
        String secret = equals < 0 ? "" : pair.substring(equals + 1).trim();
        if (!channel.matches("[0-9]+") || secret.isEmpty()) {
          throw new IllegalArgumentException(
              "Channel secrets are channelId=secret pairs, comma-separated; not '" + pair + "'");
        }
        if (secrets.put(Long.parseLong(channel), secret) != null) {
          throw new IllegalArgumentException("Channel " + channel + " has two secrets");
        }
      }
    }
    return new ChannelSecrets(secrets);
  }

  Optional<String> of(long channelId) {
    return Optional.ofNullable(secrets.get(channelId));
  }
}
