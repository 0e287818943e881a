package com.omnichannel.simulator.telegram;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The increasing numbers Telegram gives messages and updates. They start at the time of start in
 * seconds rather than at 1, so that a restarted simulator does not hand out ids the API has seen
 * and would take for repeats, unless it had sent more than one a second on average.
 */
@Component
class TelegramIds {

  private final AtomicLong messageIds;
  private final AtomicLong updateIds;

  TelegramIds(Clock clock) {
    long start = clock.instant().getEpochSecond();
    this.messageIds = new AtomicLong(start);
    this.updateIds = new AtomicLong(start);
  }

  long nextMessageId() {
    return messageIds.incrementAndGet();
  }

  long nextUpdateId() {
    return updateIds.incrementAndGet();
  }
}
