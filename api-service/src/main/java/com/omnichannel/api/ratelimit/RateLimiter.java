package com.omnichannel.api.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Token buckets per company (API calls, whichever of its keys makes them), per webhook channel, and
 * one for the look-ups of unknown credentials, in this instance's memory: with N API instances
 * behind a balancer, a caller gets up to N times the limit. A limit of 0 switches that limit off.
 *
 * <p>A bucket nobody used for {@link #IDLE} is dropped: it had refilled long before, so a new full
 * one is the same, and memory stays bounded by the companies and channels active of late rather
 * than by all ever seen.
 */
@Component
public class RateLimiter {

  /** Longer than any bucket's refill period, so only full buckets are dropped. */
  static final Duration IDLE = Duration.ofMinutes(5);

  private final long apiCallsPerMinute;
  private final long webhooksPerSecond;
  private final Cache<Long, Bucket> companies;
  private final Cache<Long, Bucket> channels;
  private final TimeMeter time;
  private final Bucket failedLookups;

  @Autowired
  RateLimiter(RateLimitProperties properties) {
    this(properties, Ticker.systemTicker());
  }

  /** With {@code ticker} as the clock of the buckets and of their eviction. */
  RateLimiter(RateLimitProperties properties, Ticker ticker) {
    this.apiCallsPerMinute = properties.apiCallsPerMinute();
    this.webhooksPerSecond = properties.webhooksPerSecond();
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return ticker.read();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    this.companies = Caffeine.newBuilder().ticker(ticker).expireAfterAccess(IDLE).build();
    this.channels = Caffeine.newBuilder().ticker(ticker).expireAfterAccess(IDLE).build();
    long lookups = properties.authFailedLookupsPerSecond();
    this.failedLookups = lookups <= 0 ? null : bucket(lookups, Duration.ofSeconds(1));
  }

  /** Takes one call from the company's bucket; empty when allowed, else seconds to wait. */
  public OptionalLong tryApiCall(long companyId) {
    if (apiCallsPerMinute <= 0) {
      return OptionalLong.empty();
    }
    return take(companies.get(companyId, id -> bucket(apiCallsPerMinute, Duration.ofMinutes(1))));
  }

  /** Takes one delivery from the channel's bucket; empty when allowed, else seconds to wait. */
  public OptionalLong tryWebhook(long channelId) {
    if (webhooksPerSecond <= 0) {
      return OptionalLong.empty();
    }
    return take(channels.get(channelId, id -> bucket(webhooksPerSecond, Duration.ofSeconds(1))));
  }

  /**
   * Takes one database look-up of a credential not known to be valid or invalid; empty when
   * allowed, else seconds to wait. A look-up that finds its credential hands its token back with
   * {@link #credentialFound}, so only the failed ones count.
   */
  public OptionalLong tryCredentialLookup() {
    return failedLookups == null ? OptionalLong.empty() : take(failedLookups);
  }

  /** The look-up taken with {@link #tryCredentialLookup} found a valid credential. */
  public void credentialFound() {
    if (failedLookups != null) {
      failedLookups.addTokens(1);
    }
  }

  /** Buckets held now, of companies and channels: for the tests of their eviction. */
  long buckets() {
    companies.cleanUp();
    channels.cleanUp();
    return companies.estimatedSize() + channels.estimatedSize();
  }

  private Bucket bucket(long capacity, Duration period) {
    return Bucket.builder()
        .withCustomTimePrecision(time)
        .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
        .build();
  }

  private static OptionalLong take(Bucket bucket) {
    var probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999)));
  }
}
