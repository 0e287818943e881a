package com.omnichannel.kafka;

import org.springframework.context.SmartLifecycle;

/**
 * A bean whose work is one {@link BackgroundLoop}: the loop starts and stops with the application
 * context.
 */
public interface RunsInBackground extends SmartLifecycle {

  /** The loop that does this bean's work. */
  BackgroundLoop loop();

  @Override
  default void start() {
    loop().start();
  }

  @Override
  default void stop() {
    loop().stop();
  }

  @Override
  default boolean isRunning() {
    return loop().isRunning();
  }
}
