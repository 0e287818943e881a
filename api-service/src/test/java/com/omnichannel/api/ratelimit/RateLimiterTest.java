package com.omnichannel.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The buckets on a clock the test moves: eviction of idle ones, the failed look-ups' budgets per
 * address and of all addresses.
 */
class RateLimiterTest {

  final AtomicLong nanos = new AtomicLong();
  final Ticker ticker = nanos::get;

  static final String ADDRESS = "192.0.2.1";

  RateLimiter limiter(long apiCallsPerMinute, long webhooksPerSecond, long failedLookups) {
    return limiter(apiCallsPerMinute, webhooksPerSecond, failedLookups, 0);
  }

  RateLimiter limiter(
      long apiCallsPerMinute, long webhooksPerSecond, long failedLookups, long perAddress) {
    return new RateLimiter(
        new RateLimitProperties(apiCallsPerMinute, webhooksPerSecond, failedLookups, perAddress),
        ticker);
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
      assertThat(limiter.tryCredentialLookup(ADDRESS)).isEmpty();
      limiter.credentialFound(ADDRESS);
    }
    assertThat(limiter.tryCredentialLookup(ADDRESS)).isEmpty();
    assertThat(limiter.tryCredentialLookup(ADDRESS)).isEmpty();

    assertThat(limiter.tryCredentialLookup(ADDRESS)).hasValue(1);

    pass(Duration.ofSeconds(1));
    assertThat(limiter.tryCredentialLookup(ADDRESS)).isEmpty();
  }

  @Test
  void aLimitOfZeroIsNoLimit() {
    RateLimiter limiter = limiter(0, 0, 0);
    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.tryCredentialLookup(ADDRESS)).isEmpty();
      assertThat(limiter.tryApiCall(1)).isEmpty();
    }
  }

  @Test
  void oneAddressSpendsOnlyItsOwnBudgetOfFailedLookUps() {
    RateLimiter limiter = limiter(0, 0, 100, 2);
    assertThat(limiter.tryCredentialLookup("203.0.113.7")).isEmpty();
    assertThat(limiter.tryCredentialLookup("203.0.113.7")).isEmpty();
    assertThat(limiter.tryCredentialLookup("203.0.113.7")).hasValue(1);

    assertThat(limiter.tryCredentialLookup("198.51.100.9")).isEmpty();
    assertThat(limiter.tryCredentialLookup("198.51.100.9")).isEmpty();

    pass(Duration.ofSeconds(1));
    assertThat(limiter.tryCredentialLookup("203.0.113.7")).isEmpty();
  }

  @Test
  void anIpv6ClientIsCountedByItsSlash64() {
    RateLimiter limiter = limiter(0, 0, 100, 2);
    assertThat(limiter.tryCredentialLookup("2001:db8:1:2::1")).isEmpty();
    assertThat(limiter.tryCredentialLookup("2001:db8:1:2:ffff::9")).isEmpty();
    assertThat(limiter.tryCredentialLookup("2001:db8:1:2:abcd:0:0:1")).hasValue(1);

    assertThat(limiter.tryCredentialLookup("2001:db8:1:3::1")).isEmpty();
    assertThat(RateLimiter.client("2001:db8:1:2:ffff::9")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(RateLimiter.client("203.0.113.7")).isEqualTo("203.0.113.7");
  }

  /** The budget of all addresses together is the backstop against many addresses at once. */
  @Test
  void allAddressesTogetherAreStoppedByTheBackstop() {
    RateLimiter limiter = limiter(0, 0, 3, 2);
    assertThat(limiter.tryCredentialLookup("203.0.113.1")).isEmpty();
    assertThat(limiter.tryCredentialLookup("203.0.113.2")).isEmpty();
    assertThat(limiter.tryCredentialLookup("203.0.113.3")).isEmpty();

    assertThat(limiter.tryCredentialLookup("203.0.113.4")).hasValue(1);

    pass(Duration.ofSeconds(1));
    assertThat(limiter.tryCredentialLookup("203.0.113.4")).isEmpty();
    assertThat(limiter.tryCredentialLookup("203.0.113.4")).isEmpty();
  }

  @Test
  void addressesNobodyUsedForAWhileAreDropped() {
    RateLimiter limiter = limiter(0, 0, 0, 2);
    for (int i = 1; i <= 50; i++) {
      assertThat(limiter.tryCredentialLookup("203.0.113." + i)).isEmpty();
    }
    assertThat(limiter.buckets()).isEqualTo(50);

    pass(RateLimiter.IDLE.plusSeconds(1));

    assertThat(limiter.buckets()).isZero();
  }
}
