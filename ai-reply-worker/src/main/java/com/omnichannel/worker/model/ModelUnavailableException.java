package com.omnichannel.worker.model;

/**
 * The model gave no usable answer: it failed, timed out, or answered something unreadable. The
 * record is retried through Kafka; after the last retry the contact gets the fallback reply.
 */
public class ModelUnavailableException extends RuntimeException {

  public ModelUnavailableException(String message) {
    super(message);
  }

  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
