package com.omnichannel.api.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Token buckets per company (API calls, whichever of its keys makes them), per webhook channel, and
 * for the look-ups of unknown credentials per client address and for all addresses together, in
 * this instance's memory: with N API instances behind a balancer, a caller gets up to N times the
 * limit. A limit of 0 switches that limit off.
 *
 * <p>The look-ups' budget is per address so that one caller sending made-up credentials cannot
 * spend anyone else's: the bucket of all addresses together is only a backstop for the database,
 * against many addresses at once, sized well above what one address may spend. An IPv6 client is
 * counted by its /64 network, which one subscriber usually holds whole.
 *
 * <p>A bucket nobody used for {@link #IDLE} is dropped: it had refilled long before, so a new full
 * one is the same, and memory stays bounded by the companies and channels active of late rather
 * than by all ever seen.
 */
@Component
public class RateLimiter {

  /** Longer than any bucket's refill period, so only full buckets are dropped. */
  static final Duration IDLE = Duration.ofMinutes(5);

  /** Addresses whose look-up budget is held at once; the least recently used go first. */
  static final int ADDRESSES = 100_000;

  private final long apiCallsPerMinute;
  private final long webhooksPerSecond;
  private final Cache<Long, Bucket> companies;
  private final Cache<Long, Bucket> channels;
  private final TimeMeter time;
  private final long failedLookupsPerAddress;
  private final Cache<String, Bucket> addresses;
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
    this.failedLookupsPerAddress = properties.authFailedLookupsPerSecondPerAddress();
    this.addresses =
        Caffeine.newBuilder().ticker(ticker).maximumSize(ADDRESSES).expireAfterAccess(IDLE).build();
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
   * Takes one database look-up, for a caller at {@code address}, of a credential not known to be
   * valid or invalid: from the address's budget, then from all addresses' together. Empty when
   * allowed, else seconds to wait. A look-up that finds its credential hands its tokens back with
   * {@link #credentialFound}, so only the failed ones count.
   */
  public OptionalLong tryCredentialLookup(String address) {
    Bucket own = addressBucket(address);
    if (own != null) {
      OptionalLong wait = take(own);
      if (wait.isPresent()) {
        return wait;
      }
    }
    OptionalLong wait = failedLookups == null ? OptionalLong.empty() : take(failedLookups);
    if (wait.isPresent() && own != null) {
      own.addTokens(1);
    }
    return wait;
  }

  /** The look-up taken with {@link #tryCredentialLookup} found a valid credential. */
  public void credentialFound(String address) {
    Bucket own = addressBucket(address);
    if (own != null) {
      own.addTokens(1);
    }
    if (failedLookups != null) {
      failedLookups.addTokens(1);
    }
  }

  private Bucket addressBucket(String address) {
    if (failedLookupsPerAddress <= 0) {
      return null;
    }
    return addresses.get(
        client(address), key -> bucket(failedLookupsPerAddress, Duration.ofSeconds(1)));
  }

  /** Who is behind {@code address}: the address itself, or an IPv6 address's /64 network. */
  static String client(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return String.valueOf(address);
    }
    try {
      // A literal with a colon is parsed as IPv6, never resolved.
      byte[] bytes = InetAddress.getByName(address).getAddress();
      if (bytes.length != 16) {
        return address;
      }
      Arrays.fill(bytes, 8, 16, (byte) 0);
      return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      return address;
    }
  }

  /** Buckets held now, of companies, channels and addresses: for the tests of their eviction. */
  long buckets() {
    companies.cleanUp();
    channels.cleanUp();
    addresses.cleanUp();
    return companies.estimatedSize() + channels.estimatedSize() + addresses.estimatedSize();
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
