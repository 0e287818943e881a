package com.omnichannel.api.ratelimit;

/** Too many calls: 429 with {@code Retry-After}. */
public class RateLimitExceededException extends RuntimeException {

  private final long retryAfterSeconds;

  public RateLimitExceededException(String detail, long retryAfterSeconds) {
    super(detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
