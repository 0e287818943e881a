package com.omnichannel.api.stream;

import com.omnichannel.api.security.KeyRevocations;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends the streams of revoked API keys: a stream is authenticated once, when it opens, and may stay
 * open for its whole timeout. Every {@value #EVERY_SECONDS} s one query asks which keys of the
 * streams open on this instance are revoked, on a thread of its own (a slow database never holds up
 * the fan-out or the heartbeats), and those streams are closed: within about that long of the
 * revocation.
 */
@Component
class RevokedKeyStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RevokedKeyStreams.class);

  static final long EVERY_SECONDS = 5;

  private final EventFanOut fanOut;
  private final KeyRevocations revocations;
  private volatile ScheduledExecutorService checks;

  RevokedKeyStreams(EventFanOut fanOut, KeyRevocations revocations) {
    this.fanOut = fanOut;
    this.revocations = revocations;
  }

  @Override
  public void start() {
    checks =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "event-stream-revocations");
              thread.setDaemon(true);
              return thread;
            });
    checks.scheduleWithFixedDelay(
        this::closeRevoked, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void stop() {
    ScheduledExecutorService running = checks;
    if (running != null) {
      running.shutdownNow();
    }
    checks = null;
  }

  @Override
  public boolean isRunning() {
    return checks != null;
  }

  void closeRevoked() {
    try {
      List<Subscription> open = fanOut.open();
      if (open.isEmpty()) {
        return;
      }
      Set<Long> revoked =
          revocations.revokedAmong(open.stream().map(stream -> stream.apiKeyId).toList());
      for (Subscription stream : open) {
        if (revoked.contains(stream.apiKeyId) && !stream.isClosed()) {
          log.info(
              "Closing an event stream of company {}: its API key {} was revoked",
              stream.companyId,
              stream.apiKeyId);
          stream.close();
        }
      }
    } catch (RuntimeException e) {
      // The database may be down; the next round tries again.
      log.warn("Could not check the event streams' keys for revocation: {}", e.toString());
    }
  }
}
