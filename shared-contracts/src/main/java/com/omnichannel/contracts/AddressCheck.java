package com.omnichannel.contracts;

import java.net.InetAddress;
import java.util.List;

/**
 * What {@link OutboundAddressPolicy} made of a host: the addresses to connect to, or why none, and
 * whether asking again may help (the API answers 400 or 503, the gateway rejects or retries).
 *
 * @param kind whether it may be called, and if not whether asking again may help
 * @param reason why not, for people; null when allowed
 * @param addresses the checked addresses, the only ones to connect to; empty unless allowed
 */
public record AddressCheck(Kind kind, String reason, List<InetAddress> addresses) {

  /** Whether a host may be called, or why not. */
  public enum Kind {
    /** Every address it resolves to may be called. */
    ALLOWED,
    /** Its form, a name that does not resolve or an address refused: the same every time. */
    REFUSED,
    /** Its look-up did not answer in time: it may the next time. */
    TIMED_OUT,
    /** Every look-up thread was busy: nothing was looked up. */
    BUSY
  }

  public boolean allowed() {
    return kind == Kind.ALLOWED;
  }

  static AddressCheck refused(String reason) {
    return new AddressCheck(Kind.REFUSED, reason, List.of());
  }
}
