package com.omnichannel.api.delivery;

import com.omnichannel.kafka.BackgroundLoop;
import com.omnichannel.kafka.RunsInBackground;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies the provider statuses that came before their message's provider id, once the id is
 * stored, every {@link #INTERVAL}; drops those that waited longer than {@link #LONGEST_WAIT}.
 */
@Component
class EarlyStatusSweeper implements RunsInBackground {

  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration LONGEST_WAIT = Duration.ofDays(1);
  private static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(EarlyStatusSweeper.class);

  private final Deliveries deliveries;
  private final BackgroundLoop loop;

  EarlyStatusSweeper(Deliveries deliveries) {
    this.deliveries = deliveries;
    this.loop =
        BackgroundLoop.named("early-status-sweeper")
            .pollInterval(INTERVAL)
            .onFailure(
                (failure, retryIn) ->
                    log.warn("Applying early provider statuses failed: {}", failure.toString()))
            .rounds(() -> deliveries.applyEarlyStatuses(BATCH, LONGEST_WAIT) == BATCH);
  }

  @Override
  public BackgroundLoop loop() {
    return loop;
  }
}
