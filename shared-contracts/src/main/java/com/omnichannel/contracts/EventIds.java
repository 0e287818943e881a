package com.omnichannel.contracts;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) event ids without {@link UUID#randomUUID()}'s shared SecureRandom, whose lock
 * webhooks contended for under load. Event ids need to be unique, not unguessable.
 */
public final class EventIds {

  private EventIds() {}

  public static UUID random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }
}
