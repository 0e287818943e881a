package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.AddressCheck;
import com.omnichannel.contracts.HostLookup;
import com.omnichannel.contracts.OutboundAddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's resolver: looks a provider's host up once per connection (within the DNS
 * timeout), judges every address with the {@link OutboundAddressPolicy}, and gives the connection
 * manager only those addresses, so the socket opens to an address that was checked. A check made
 * apart from the connection would let DNS answer one address to the check and another to the
 * connection (rebinding past the SSRF guard). TLS still speaks to, and verifies, the host name.
 */
final class CheckedDnsResolver implements DnsResolver {

  private final OutboundAddressPolicy policy;
  private final HostLookup lookup;

  CheckedDnsResolver(OutboundAddressPolicy policy, HostLookup lookup) {
    this.policy = policy;
    this.lookup = lookup;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    AddressCheck check = policy.checkHost(host, lookup);
    if (!check.allowed()) {
      throw new AddressRefused(check);
    }
    return check.addresses().toArray(new InetAddress[0]);
  }

  /** Not looked up: nothing of ours asks for it, and an answer would be unchecked. */
  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }

  /** The connection was not opened: the policy refused the host, or its look-up failed. */
  static final class AddressRefused extends UnknownHostException {

    private final transient AddressCheck check;

    AddressRefused(AddressCheck check) {
      super(check.reason());
      this.check = check;
    }

    AddressCheck check() {
      return check;
    }
  }
}
