package com.omnichannel.api.web;

/** The instance cannot serve the request yet, through no fault of it: 503 with Retry-After. */
public class ServiceUnavailableException extends RuntimeException {

  private final long retryAfterSeconds;

  public ServiceUnavailableException(String detail, long retryAfterSeconds) {
    super(detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
