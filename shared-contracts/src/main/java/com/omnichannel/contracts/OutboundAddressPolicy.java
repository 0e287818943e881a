package com.omnichannel.contracts;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which outbound URLs a channel may deliver to. Both the API (when a URL is set) and the sender
 * (for the very addresses it connects to, since DNS answers change) apply it, so that a tenant
 * cannot make this backend call into its own network (SSRF).
 *
 * <p>Refused by default: loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10) and
 * unique-local (fc00::/7) addresses. {@code allowPrivateNetworks} lifts this for them, as a local
 * demo needs; {@code allowedHosts} lifts it for those host names only (the operator's own, such as
 * a simulator's, whose DNS no tenant controls). Refused always, whatever the host: link-local
 * addresses (169.254/16, fe80::/10), the home of cloud metadata services; the metadata addresses
 * outside it (100.100.100.200, fd00:ec2::254, 192.0.0.192); unspecified, "this network" (0/8),
 * broadcast and multicast addresses. An IPv6 address that embeds an IPv4 one (mapped, compatible,
 * NAT64, 6to4, Teredo) is judged as both.
 */
public final class OutboundAddressPolicy {

  private static final Set<String> METADATA =
      Set.of(canonical("100.100.100.200"), canonical("fd00:ec2::254"), canonical("192.0.0.192"));

  private final boolean allowPrivateNetworks;
  private final Set<String> allowedHosts;

  public OutboundAddressPolicy(boolean allowPrivateNetworks) {
    this(allowPrivateNetworks, List.of());
  }

  /**
   * @param allowedHosts host names that may resolve to loopback, private and unique-local addresses
   *     even when {@code allowPrivateNetworks} is false; blanks are ignored, case does not matter
   */
  public OutboundAddressPolicy(boolean allowPrivateNetworks, Collection<String> allowedHosts) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    Set<String> hosts = new HashSet<>();
    for (String host : allowedHosts == null ? List.<String>of() : allowedHosts) {
      if (host != null && !host.isBlank()) {
        hosts.add(normalized(host.trim()));
      }
    }
    this.allowedHosts = Set.copyOf(hosts);
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
   * address this policy refuses. Empty when it may be made. Looks the host up in the calling
   * thread, with no deadline: for callers that connect elsewhere, {@link #check} is the one to use.
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
      return Optional.of(refusalOf(host, "does not resolve"));
    }
    return Optional.ofNullable(judged(host, List.of(addresses)).reason());
  }

  /**
   * Checks {@code url}: its form, then its host's addresses, looked up once through {@code lookup}.
   */
  public AddressCheck check(String url, HostLookup lookup) {
    Optional<String> form = formRefusal(url);
    if (form.isPresent()) {
      return AddressCheck.refused(form.get());
    }
    return checkHost(URI.create(url).getHost(), lookup);
  }

  /**
   * Looks {@code host} up once through {@code lookup} and judges every address it got. An allowed
   * check carries those addresses: a caller that connects to one of them connects to an address
   * that was checked, whatever the DNS answers later.
   */
  public AddressCheck checkHost(String host, HostLookup lookup) {
    HostLookup.Answer answer = lookup.resolve(host);
    if (answer.failure() == null) {
      return judged(host, answer.addresses());
    }
    long millis = lookup.timeout().toMillis();
    switch (answer.failure()) {
      case TIMED_OUT:
        String within = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
        return new AddressCheck(
            AddressCheck.Kind.TIMED_OUT,
            refusalOf(host, "does not resolve within " + within),
            List.of());
      case BUSY:
        String busy =
            "cannot be looked up now: " + lookup.maxConcurrent() + " look-ups are in progress";
        return new AddressCheck(AddressCheck.Kind.BUSY, refusalOf(host, busy), List.of());
      default:
        return new AddressCheck(
            AddressCheck.Kind.UNRESOLVED, refusalOf(host, "does not resolve"), List.of());
    }
  }

  private AddressCheck judged(String host, List<InetAddress> addresses) {
    for (InetAddress address : addresses) {
      Optional<String> refused = refusal(host, address);
      if (refused.isPresent()) {
        return AddressCheck.refused(refusalOf(host, refused.get()));
      }
    }
    return new AddressCheck(AddressCheck.Kind.ALLOWED, null, List.copyOf(addresses));
  }

  private static String refusalOf(String host, String why) {
    return "outbound_url host " + host + " " + why;
  }

  /**
   * Why a request to {@code address}, which {@code host} resolved to, must not be made, or empty:
   * as {@link #refusal(InetAddress)}, but a private address is allowed for an allowed host.
   */
  public Optional<String> refusal(String host, InetAddress address) {
    return refusal(address, host != null && allowedHosts.contains(normalized(host)));
  }

  /**
   * Why a request to {@code address} must not be made, or empty. An IPv6 address that carries an
   * IPv4 address (mapped, compatible, NAT64, 6to4 or Teredo) is judged as that address too: the
   * network may well route it there.
   */
  public Optional<String> refusal(InetAddress address) {
    return refusal(address, false);
  }

  private Optional<String> refusal(InetAddress address, boolean allowedHost) {
    for (InetAddress judged : withEmbedded(address)) {
      Optional<String> refused = refusalOf(judged, allowedHost);
      if (refused.isPresent()) {
        String shown =
            judged.equals(address)
                ? judged.getHostAddress()
                : judged.getHostAddress() + ", inside " + address.getHostAddress();
        return Optional.of(refused.get().formatted(shown));
      }
    }
    return Optional.empty();
  }

  /** Why an address must not be called, with a {@code %s} for how it is shown; or empty. */
  private Optional<String> refusalOf(InetAddress address, boolean allowedHost) {
    if (address.isLinkLocalAddress() || isIpv4LinkLocal(address)) {
      return Optional.of("resolves to a link-local address (%s)");
    }
    if (METADATA.contains(address.getHostAddress())) {
      return Optional.of("resolves to a cloud metadata address (%s)");
    }
    if (address.isAnyLocalAddress()
        || address.isMulticastAddress()
        || isThisNetworkOrBroadcast(address)) {
      return Optional.of("resolves to an address that cannot be called (%s)");
    }
    boolean internal =
        address.isLoopbackAddress()
            || address.isSiteLocalAddress()
            || isUniqueLocal(address)
            || isSharedAddressSpace(address);
    if (internal && !allowPrivateNetworks && !allowedHost) {
      return Optional.of(
          "resolves to a loopback or private address (%s);"
              + " OUTBOUND_ALLOW_PRIVATE_NETWORKS=true allows it"
              + " (OUTBOUND_ALLOWED_HOSTS, for named hosts only)");
    }
    return Optional.empty();
  }

  /** A host name as compared with the allowed ones: as it is looked up. */
  private static String normalized(String host) {
    return HostLookup.normalized(host);
  }

  /** The address, and the IPv4 addresses an IPv6 one carries. */
  private static List<InetAddress> withEmbedded(InetAddress address) {
    List<InetAddress> judged = new ArrayList<>(List.of(address));
    byte[] b = address.getAddress();
    if (b.length != 16) {
      return judged;
    }
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      judged.add(ipv4(b, 12, false)); // IPv4-mapped, ::ffff:a.b.c.d
    } else if (allZero(b, 0, 12) && !allZero(b, 12, 15)) {
      judged.add(ipv4(b, 12, false)); // IPv4-compatible, ::a.b.c.d (neither :: nor ::1)
    } else if (b[0] == 0
        && b[1] == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && allZero(b, 4, 12)) {
      judged.add(ipv4(b, 12, false)); // NAT64, 64:ff9b::/96
    } else if (b[0] == 0x20 && b[1] == 0x02) {
      judged.add(ipv4(b, 2, false)); // 6to4, 2002:aabb:ccdd::/48
    } else if (b[0] == 0x20 && b[1] == 0x01 && allZero(b, 2, 4)) {
      judged.add(ipv4(b, 4, false)); // Teredo's server
      judged.add(ipv4(b, 12, true)); // Teredo's client, stored inverted
    }
    return judged;
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress ipv4(byte[] bytes, int from, boolean inverted) {
    byte[] four = new byte[4];
    for (int i = 0; i < 4; i++) {
      four[i] = (byte) (inverted ? ~bytes[from + i] : bytes[from + i]);
    }
    try {
      return InetAddress.getByAddress(four);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("Four bytes are an IPv4 address", e);
    }
  }

  /** 0.0.0.0/8 ("this network") and the limited broadcast address. */
  private static boolean isThisNetworkOrBroadcast(InetAddress address) {
    byte[] b = address.getAddress();
    return b.length == 4 && (b[0] == 0 || (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff);
  }

  private static String canonical(String literal) {
    try {
      return InetAddress.getByName(literal).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(literal + " is an address literal", e);
    }
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
