package com.omnichannel.kafka;

/**
 * A record that no retry can make readable: it goes to the dead-letter topic at once, so the
 * partition moves on.
 */
public class UnreadableEventException extends RuntimeException {

  public UnreadableEventException(String message, Throwable cause) {
    super(message, cause);
  }

  public UnreadableEventException(String message) {
    super(message);
  }
}
