package com.omnichannel.api.ratelimit;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Token buckets per API key and per webhook channel, in this instance's memory: with N API
 * instances behind a balancer, a caller gets up to N times the limit. A limit of 0 switches that
 * limit off.
 */
@Component
public class RateLimiter {

  private final long apiCallsPerMinute;
  private final long webhooksPerSecond;
  private final Map<Long, Bucket> apiKeys = new ConcurrentHashMap<>();
  private final Map<Long, Bucket> channels = new ConcurrentHashMap<>();

  RateLimiter(RateLimitProperties properties) {
    this.apiCallsPerMinute = properties.apiCallsPerMinute();
    this.webhooksPerSecond = properties.webhooksPerSecond();
  }

  /** Takes one call from the key's bucket; empty when allowed, else seconds to wait. */
  public OptionalLong tryApiCall(long apiKeyId) {
    if (apiCallsPerMinute <= 0) {
      return OptionalLong.empty();
    }
    return take(
        apiKeys.computeIfAbsent(apiKeyId, id -> bucket(apiCallsPerMinute, Duration.ofMinutes(1))));
  }

  /** Takes one delivery from the channel's bucket; empty when allowed, else seconds to wait. */
  public OptionalLong tryWebhook(long channelId) {
    if (webhooksPerSecond <= 0) {
      return OptionalLong.empty();
    }
    return take(
        channels.computeIfAbsent(
            channelId, id -> bucket(webhooksPerSecond, Duration.ofSeconds(1))));
  }

  private static Bucket bucket(long capacity, Duration period) {
    return Bucket.builder()
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
