package com.omnichannel.api.company;

import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.contracts.OutboundAddressPolicy;
import org.springframework.stereotype.Component;

/**
 * Checks a channel's outbound URL, or its provider's API base, when it is set: an http(s) URL whose
 * host resolves to addresses that {@link OutboundAddressPolicy} allows. The gateway checks again
 * before every request.
 */
@Component
class OutboundUrls {

  static final int MAX_LENGTH = 2048;

  private final OutboundAddressPolicy policy;

  OutboundUrls(OutboundProperties properties) {
    this.policy = new OutboundAddressPolicy(properties.allowPrivateNetworks());
  }

  /**
   * @throws InvalidRequestException when the URL must not be used
   */
  void check(String url, String field) {
    if (url.length() > MAX_LENGTH) {
      throw new InvalidRequestException(field + " must be at most " + MAX_LENGTH + " characters");
    }
    policy
        .refusal(url)
        .ifPresent(
            reason -> {
              // The policy speaks of outbound_url; the error names the field that was given.
              throw new InvalidRequestException(reason.replaceFirst("^outbound_url", field));
            });
  }
}
