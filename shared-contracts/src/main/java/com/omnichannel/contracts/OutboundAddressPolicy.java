package com.omnichannel.contracts;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which outbound URLs a channel may deliver to. Both the API (when a URL is set) and the sender
 * (before every request, since DNS answers change) apply it, so that a tenant cannot make this
 * backend call into its own network (SSRF).
 *
 * <p>Refused by default: loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10), unique-local
 * (fc00::/7), unspecified and multicast addresses. {@code allowPrivateNetworks} lifts this for
 * loopback, private and unique-local ones, as a local demo needs. Link-local addresses (169.254/16,
 * fe80::/10), the home of cloud metadata services, are refused always.
 */
public final class OutboundAddressPolicy {

  private final boolean allowPrivateNetworks;

  public OutboundAddressPolicy(boolean allowPrivateNetworks) {
    this.allowPrivateNetworks = allowPrivateNetworks;
  }

  /** Why {@code url} is not an acceptable outbound URL in form alone (no DNS look-up); or empty. */
  public static Optional<String> formRefusal(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("outbound_url is missing");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("outbound_url is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("outbound_url must be an http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("outbound_url must name a host");
    }
    if (uri.getUserInfo() != null) {
      return Optional.of("outbound_url must not carry credentials");
    }
    return Optional.empty();
  }

  /**
   * Why a request to {@code url} must not be made: its form, a host that does not resolve, or an
   * address this policy refuses. Empty when it may be made.
   */
  public Optional<String> refusal(String url) {
    Optional<String> form = formRefusal(url);
    if (form.isPresent()) {
      return form;
    }
    String host = URI.create(url).getHost();
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Optional.of("outbound_url host " + host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      Optional<String> refused = refusal(address);
      if (refused.isPresent()) {
        return Optional.of("outbound_url host " + host + " " + refused.get());
      }
    }
    return Optional.empty();
  }

  /** Why a request to {@code address} must not be made, or empty. */
  public Optional<String> refusal(InetAddress address) {
    InetAddress effective = unmapped(address);
    if (effective.isLinkLocalAddress() || isIpv4LinkLocal(effective)) {
      return Optional.of("resolves to a link-local address (" + effective.getHostAddress() + ")");
    }
    if (effective.isAnyLocalAddress() || effective.isMulticastAddress()) {
      return Optional.of(
          "resolves to an address that cannot be called (" + effective.getHostAddress() + ")");
    }
    boolean internal =
        effective.isLoopbackAddress()
            || effective.isSiteLocalAddress()
            || isUniqueLocal(effective)
            || isSharedAddressSpace(effective);
    if (internal && !allowPrivateNetworks) {
      return Optional.of(
          "resolves to a loopback or private address ("
              + effective.getHostAddress()
              + "); OUTBOUND_ALLOW_PRIVATE_NETWORKS=true allows it");
    }
    return Optional.empty();
  }

  /** An IPv4 address written as IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it is. */
  private static InetAddress unmapped(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = bytes[i] == 0;
      }
      if (mapped) {
        try {
          return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (UnknownHostException e) {
          throw new IllegalStateException("Four bytes are an IPv4 address", e);
        }
      }
    }
    return address;
  }

  private static boolean isIpv4LinkLocal(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == 4 && (bytes[0] & 0xff) == 169 && (bytes[1] & 0xff) == 254;
  }

  private static boolean isUniqueLocal(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
  }

  /** 100.64.0.0/10, carrier-grade NAT: not on the internet either. */
  private static boolean isSharedAddressSpace(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
  }
}
