package com.omnichannel.api.company;

import com.omnichannel.api.web.AdmissionSlot;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ServiceUnavailableException;
import com.omnichannel.contracts.AddressCheck;
import com.omnichannel.contracts.HostLookup;
import com.omnichannel.contracts.OutboundAddressPolicy;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Checks a channel's outbound URL, or its provider's API base, when it is set: an http(s) URL whose
 * host resolves, within the DNS timeout, to addresses that {@link OutboundAddressPolicy} allows.
 * The gateway checks again for every connection it opens.
 *
 * <p>The look-up runs outside the request's admission slot ({@link AdmissionSlot#outside}): a slow
 * name server costs the waiting request its time, not the instance's capacity for webhooks.
 * Look-ups in progress are bounded; past that a check is refused at once with 503 and Retry-After.
 */
@Component
class OutboundUrls implements DisposableBean {

  static final int MAX_LENGTH = 2048;

  /** Look-ups (of distinct hosts) in progress at once: channels are set up now and then. */
  static final int LOOKUP_THREADS = 8;

  static final long BUSY_RETRY_AFTER_SECONDS = 1;

  private final OutboundAddressPolicy policy;
  private final HostLookup lookup;

  /**
   * @param resolver how host names are looked up; the system's unless a test gives its own
   */
  OutboundUrls(OutboundProperties properties, Optional<HostLookup.Resolver> resolver) {
    this.policy =
        new OutboundAddressPolicy(properties.allowPrivateNetworks(), properties.allowedHosts());
    this.lookup =
        new HostLookup(resolver.orElse(HostLookup.SYSTEM), LOOKUP_THREADS, properties.dnsTimeout());
  }

  /**
   * @throws InvalidRequestException when the URL must not be used, or its host did not resolve in
   *     time
   * @throws ServiceUnavailableException when no look-up could be started, or no admission slot was
   *     free after it
   */
  void check(String url, String field) {
    if (url.length() > MAX_LENGTH) {
      throw new InvalidRequestException(field + " must be at most " + MAX_LENGTH + " characters");
    }
    AddressCheck check = AdmissionSlot.outside(() -> policy.check(url, lookup));
    if (check.allowed()) {
      return;
    }
    // The policy speaks of outbound_url; the error names the field that was given.
    String reason = check.reason().replaceFirst("^outbound_url", field);
    if (check.kind() == AddressCheck.Kind.BUSY) {
      throw new ServiceUnavailableException(reason, BUSY_RETRY_AFTER_SECONDS);
    }
    throw new InvalidRequestException(reason);
  }

  @Override
  public void destroy() {
    lookup.close();
  }
}
