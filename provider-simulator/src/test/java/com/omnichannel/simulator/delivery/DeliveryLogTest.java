package com.omnichannel.simulator.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

  @Test
  void aProviderSendIsKeptByItsProviderAndIdEachOnce() {
    Received sent =
        Received.sent(Provider.TWILIO, 4, "+15550001122", "Hi", "SM0123", Instant.EPOCH);
    admit("SM0123");

    log.record(sent);
    log.record(sent);

    assertThat(log.newestFirst(10))
        .extracting(Received::provider, Received::providerMessageId)
        .containsExactly(tuple(Provider.TWILIO, "SM0123"), tuple(Provider.GENERIC, "sim-SM0123"));
  }

  private DeliveryLog.Admission admit(String key) {
    Delivery delivery = new Delivery(1L, 1L, 1L, 1L, "+1555", "Acme AI", "Hi", null);
    return log.admit(key, () -> Received.of(delivery, "sim-" + key, Instant.EPOCH, false, null));
  }
}
