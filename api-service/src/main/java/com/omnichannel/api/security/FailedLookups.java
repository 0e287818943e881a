package com.omnichannel.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.omnichannel.api.ratelimit.RateLimitExceededException;
import com.omnichannel.api.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Keeps wrong credentials cheap. Anyone can send a well-formed but made-up API key or stream token,
 * and each would cost a database query: a credential that was looked up and not found is remembered
 * (by its hash, the {@link #REMEMBERED} most recent) and answered from memory, and the look-ups
 * that find nothing are budgeted a second per client address, with a larger budget of all addresses
 * together as a backstop ({@link RateLimiter#tryCredentialLookup}). A credential that failed once
 * never becomes valid (keys and tokens are random, revocation and use are final), so remembering it
 * is exact.
 *
 * <p>Only credentials not known to be valid come here: {@link ApiKeys} re-checks the keys it
 * remembers as valid outside the budget, so nobody's junk can lock a working key out.
 */
@Component
class FailedLookups {

  static final int REMEMBERED = 10_000;
  static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);

  private final Cache<String, Boolean> failed =
      Caffeine.newBuilder().maximumSize(REMEMBERED).expireAfterWrite(REMEMBERED_FOR).build();
  private final RateLimiter rateLimiter;

  FailedLookups(RateLimiter rateLimiter) {
    this.rateLimiter = rateLimiter;
  }

  /**
   * What {@code query} finds for the credential of {@code hash}, presented from {@code address},
   * unless the credential failed before.
   *
   * @throws RateLimitExceededException when this instance made its share of look-ups that found
   *     nothing this second, for that address or for all: the credential is not checked at all
   */
  <T> Optional<T> lookUp(String hash, String address, Supplier<Optional<T>> query) {
    if (failed.getIfPresent(hash) != null) {
      return Optional.empty();
    }
    OptionalLong wait = rateLimiter.tryCredentialLookup(address);
    if (wait.isPresent()) {
      throw new RateLimitExceededException(
          "Too many unknown credentials were presented; retry after " + wait.getAsLong() + " s",
          wait.getAsLong());
    }
    Optional<T> found;
    try {
      found = query.get();
    } catch (RuntimeException e) {
      // Nothing was learnt about the credential: the database failed, not the caller.
      rateLimiter.credentialFound(address);
      throw e;
    }
    if (found.isPresent()) {
      rateLimiter.credentialFound(address);
    } else {
      failed.put(hash, Boolean.TRUE);
    }
    return found;
  }

  /** The credential of {@code hash} was found to be no longer valid (a key revoked meanwhile). */
  void remember(String hash) {
    failed.put(hash, Boolean.TRUE);
  }
}
