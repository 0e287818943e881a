package com.omnichannel.simulator.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The sends taken, in memory and bounded: the simulator runs for days in a demo. Deliveries to the
 * generic endpoint are kept by Idempotency-Key; a key older than the last {@link #REMEMBERED} is
 * forgotten, and its repeat counts as new. The providers' APIs know no such key, so their sends are
 * kept by provider message id, each one new.
 */
@Component
public class DeliveryLog {

  static final int REMEMBERED = 1000;

  /** In the order received; the eldest goes first when the log is full. */
  private final Map<String, Received> byKey =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Received> eldest) {
          return size() > REMEMBERED;
        }
      };

  record Admission(Received received, boolean repeat) {}

  /**
   * The delivery already taken under {@code key}, or the one {@code first} makes, remembered. One
   * lock for the check and the insert, so that two concurrent retries get one id.
   */
  synchronized Admission admit(String key, Supplier<Received> first) {
    Received known = byKey.get(key);
    if (known != null) {
      return new Admission(known, true);
    }
    Received received = first.get();
    byKey.put(key, received);
    return new Admission(received, false);
  }

  /** Remembers a send through a provider's API, for {@code GET /messages}. */
  public void record(Received sent) {
    admit(sent.provider().spelling() + ":" + sent.providerMessageId(), () -> sent);
  }

  synchronized List<Received> newestFirst(int limit) {
    List<Received> newest = new ArrayList<>(Math.min(limit, byKey.size()));
    List<Received> all = new ArrayList<>(byKey.values());
    for (int i = all.size() - 1; i >= 0 && newest.size() < limit; i--) {
      newest.add(all.get(i));
    }
    return newest;
  }
}
