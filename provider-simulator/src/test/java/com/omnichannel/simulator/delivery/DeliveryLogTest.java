package com.omnichannel.simulator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryLogTest {

  final DeliveryLog log = new DeliveryLog();

  @Test
  void listsTheNewestFirst() {
    admit("a");
    admit("b");
    admit("c");

    assertThat(log.newestFirst(2))
        .extracting(Received::providerMessageId)
        .containsExactly("sim-c", "sim-b");
  }

  @Test
  void aRepeatedKeyGetsTheFirstDeliveryBack() {
    Received first = admit("a").received();

    DeliveryLog.Admission repeat = admit("a");

    assertThat(repeat.repeat()).isTrue();
    assertThat(repeat.received()).isSameAs(first);
    assertThat(log.newestFirst(10)).hasSize(1);
  }

  @Test
  void remembersABoundedNumberOfDeliveries() {
    for (int i = 0; i <= DeliveryLog.REMEMBERED; i++) {
      admit("key-" + i);
    }

    assertThat(log.newestFirst(Integer.MAX_VALUE)).hasSize(DeliveryLog.REMEMBERED);
    assertThat(admit("key-0").repeat()).as("the eldest key is forgotten").isFalse();
    assertThat(admit("key-" + DeliveryLog.REMEMBERED).repeat()).isTrue();
  }

  private DeliveryLog.Admission admit(String key) {
    Delivery delivery = new Delivery(1L, 1L, 1L, 1L, "+1555", "Acme AI", "Hi", null);
    return log.admit(key, () -> Received.of(delivery, "sim-" + key, Instant.EPOCH, false, null));
  }
}
