package com.omnichannel.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The buckets on a clock the test moves: eviction of idle ones, the failed look-ups' budget. */
class RateLimiterTest {

  final AtomicLong nanos = new AtomicLong();
  final Ticker ticker = nanos::get;

  RateLimiter limiter(long apiCallsPerMinute, long webhooksPerSecond, long failedLookups) {
    return new RateLimiter(
        new RateLimitProperties(apiCallsPerMinute, webhooksPerSecond, failedLookups), ticker);
  }

  void pass(Duration time) {
    nanos.addAndGet(time.toNanos());
  }

  @Test
  void bucketsNobodyUsedForAWhileAreDroppedAndNothingIsGainedByIt() {
    RateLimiter limiter = limiter(2, 5, 0);
    for (long company = 1; company <= 100; company++) {
      assertThat(limiter.tryApiCall(company)).isEmpty();
    }
    for (long channel = 1; channel <= 100; channel++) {
      assertThat(limiter.tryWebhook(channel)).isEmpty();
    }
    assertThat(limiter.tryApiCall(1)).isEmpty();
    assertThat(limiter.tryApiCall(1)).isPresent();
    assertThat(limiter.buckets()).isEqualTo(200);

    pass(RateLimiter.IDLE.minusSeconds(1));
    assertThat(limiter.tryApiCall(7)).isEmpty();
    pass(Duration.ofSeconds(2));

    assertThat(limiter.buckets()).isEqualTo(1);
    // Dropped buckets had long refilled: a new one is the same.
    assertThat(limiter.tryApiCall(1)).isEmpty();
    assertThat(limiter.tryApiCall(1)).isEmpty();
    assertThat(limiter.tryApiCall(1)).isPresent();
  }

  @Test
  void onlyLookUpsThatFindNothingSpendTheirBudget() {
    RateLimiter limiter = limiter(0, 0, 2);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryCredentialLookup()).isEmpty();
      limiter.credentialFound();
    }
    assertThat(limiter.tryCredentialLookup()).isEmpty();
    assertThat(limiter.tryCredentialLookup()).isEmpty();

    assertThat(limiter.tryCredentialLookup()).hasValue(1);

    pass(Duration.ofSeconds(1));
    assertThat(limiter.tryCredentialLookup()).isEmpty();
  }

  @Test
  void aLimitOfZeroIsNoLimit() {
    RateLimiter limiter = limiter(0, 0, 0);
    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.tryCredentialLookup()).isEmpty();
      assertThat(limiter.tryApiCall(1)).isEmpty();
    }
  }
}
