package com.omnichannel.contracts;

import java.net.InetAddress;
import java.util.List;

/**
 * What {@link OutboundAddressPolicy} made of a host: the addresses to connect to, or why none, and
 * whether asking again may help (the API answers 400 or 503, the gateway rejects or retries). A
 * name that does not resolve is apart from a refusal: the JDK reports a name server's failure
 * (SERVFAIL, a temporary failure) as it reports a name that does not exist, so only the form and
 * the policy's judgement of an address are the same every time.
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
    /** Its form, or an address the policy refuses: the same every time. */
    REFUSED,
    /** Its name did not resolve: it does not exist, or its name server failed, which passes. */
    UNRESOLVED,
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
