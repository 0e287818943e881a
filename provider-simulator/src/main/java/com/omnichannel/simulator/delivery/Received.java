package com.omnichannel.simulator.delivery;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A delivery the simulator took, as it remembers it.
 *
 * @param signed whether its signature was checked against the channel's secret
 * @param statusesPosted the statuses the API accepted so far; grows as the callbacks go out
 */
record Received(
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
        delivery,
        providerMessageId,
        receivedAt,
        signed,
        correlationId,
        new CopyOnWriteArrayList<>());
  }
}
