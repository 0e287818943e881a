package com.omnichannel.simulator.delivery;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A send the simulator took, as it remembers it: a delivery to the generic endpoint, or a message
 * sent through one of the providers' APIs.
 *
 * @param provider whose API it came in through
 * @param signed whether its signature was checked against the channel's secret; a provider's API
 *     always checks the credentials, so its sends are all signed
 * @param statusesPosted the statuses the API accepted so far; grows as the callbacks go out
 */
public record Received(
    Provider provider,
    Delivery delivery,
    String providerMessageId,
    Instant receivedAt,
    boolean signed,
    String correlationId,
    List<String> statusesPosted) {

  static Received of(
      Delivery delivery,
      String providerMessageId,
      Instant receivedAt,
      boolean signed,
      String correlationId) {
    return new Received(
        Provider.GENERIC,
        delivery,
        providerMessageId,
        receivedAt,
        signed,
        correlationId,
        new CopyOnWriteArrayList<>());
  }

  /**
   * A message sent through a provider's API, whose credentials were checked. It has no message or
   * conversation id of ours: a provider's API is not told them.
   */
  public static Received sent(
      Provider provider,
      long channelId,
      String to,
      String text,
      String providerMessageId,
      Instant receivedAt) {
    return new Received(
        provider,
        new Delivery(null, null, null, channelId, to, null, text, null),
        providerMessageId,
        receivedAt,
        true,
        null,
        new CopyOnWriteArrayList<>());
  }
}
