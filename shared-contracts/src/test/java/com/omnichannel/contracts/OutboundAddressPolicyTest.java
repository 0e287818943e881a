package com.omnichannel.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** No tenant may make the backend call into its own network, whatever the URL looks like. */
class OutboundAddressPolicyTest {

  final OutboundAddressPolicy strict = new OutboundAddressPolicy(false);
  final OutboundAddressPolicy allowingPrivate = new OutboundAddressPolicy(true);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://8.8.8.8/hook",
        "https://8.8.8.8:8443/hook?x=1",
        "HTTPS://8.8.8.8/hook",
        "http://[2001:4860:4860::8888]/hook"
      })
  void publicAddressesAreAccepted(String url) {
    assertThat(strict.refusal(url)).isEmpty();
    assertThat(allowingPrivate.refusal(url)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://10.1.2.3/hook",
        "http://172.16.0.1/hook",
        "http://172.31.255.255/hook",
        "http://192.168.1.1/hook",
        "http://100.64.0.1/hook",
        "http://[fc00::1]/hook",
        "http://[fd12:3456::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[::ffff:10.1.2.3]/hook"
      })
  void loopbackPrivateAndUniqueLocalAddressesAreRefusedUnlessAllowed(String url) {
    assertThat(strict.refusal(url))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("loopback or private", "OUTBOUND_ALLOW_PRIVATE_NETWORKS"));
    assertThat(allowingPrivate.refusal(url)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data",
        "http://169.254.0.1/hook",
        "http://[fe80::1]/hook",
        "http://[::ffff:169.254.169.254]/latest"
      })
  void linkLocalAddressesAreRefusedEvenWhenPrivateNetworksAreAllowed(String url) {
    assertThat(strict.refusal(url))
        .hasValueSatisfying(reason -> assertThat(reason).contains("link-local"));
    assertThat(allowingPrivate.refusal(url))
        .hasValueSatisfying(reason -> assertThat(reason).contains("link-local"));
  }

  /** Cloud metadata in every spelling a URL can give it, refused whatever the deployment allows. */
  @ParameterizedTest
  @CsvSource({
    "http://[::a9fe:a9fe]/, link-local",
    "http://[::ffff:a9fe:a9fe]/, link-local",
    "http://[64:ff9b::a9fe:a9fe]/, link-local",
    "http://[64:ff9b::169.254.169.254]/, link-local",
    "http://[2002:a9fe:a9fe::]/, link-local",
    "http://[2002:a9fe:a9fe:1234::1]/, link-local",
    "http://[2001:0:a9fe:a9fe::1]/, link-local",
    "http://[2001:0:4136:e378:8000:63bf:5601:5601]/, link-local",
    "http://[fd00:ec2::254]/, cloud metadata",
    "http://100.100.100.200/, cloud metadata",
    "http://[::ffff:100.100.100.200]/, cloud metadata",
    "http://[64:ff9b::6464:64c8]/, cloud metadata",
    "http://192.0.0.192/, cloud metadata",
    "http://0.1.2.3/, cannot be called",
    "http://255.255.255.255/, cannot be called",
    "http://[::0.1.2.3]/, cannot be called"
  })
  void metadataAndUncallableAddressesAreRefusedInEverySpelling(String url, String reason) {
    assertThat(strict.refusal(url)).hasValueSatisfying(r -> assertThat(r).contains(reason));
    assertThat(allowingPrivate.refusal(url))
        .hasValueSatisfying(r -> assertThat(r).contains(reason));
  }

  /**
   * A private address inside NAT64 or 6to4 is private: refused unless private networks are allowed.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://[64:ff9b::a00:1]/hook",
        "http://[2002:c0a8:101::1]/hook",
        "http://[::7f00:1]/hook"
      })
  void privateAddressesEmbeddedInIpv6AreJudgedAsPrivate(String url) {
    assertThat(strict.refusal(url))
        .hasValueSatisfying(reason -> assertThat(reason).contains("loopback or private", "inside"));
    assertThat(allowingPrivate.refusal(url)).isEmpty();
  }

  @Test
  void publicAddressesEmbeddedInIpv6AreAccepted() {
    assertThat(strict.refusal("http://[64:ff9b::808:808]/hook")).isEmpty();
    assertThat(strict.refusal("http://[2002:808:808::1]/hook")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://0.0.0.0/hook", "http://[::]/hook", "http://224.0.0.1/hook"})
  void unspecifiedAndMulticastAddressesAreRefusedAlways(String url) {
    assertThat(allowingPrivate.refusal(url))
        .hasValueSatisfying(reason -> assertThat(reason).contains("cannot be called"));
  }

  @Test
  void addressesJustOutsideThePrivateRangesAreAccepted() {
    assertThat(strict.refusal("http://172.32.0.1/")).isEmpty();
    assertThat(strict.refusal("http://100.128.0.1/")).isEmpty();
    assertThat(strict.refusal("http://169.253.255.255/")).isEmpty();
    assertThat(strict.refusal("http://11.0.0.1/")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://8.8.8.8/file",
        "file:///etc/passwd",
        "gopher://8.8.8.8/",
        "8.8.8.8/hook",
        "mailto:someone@8.8.8.8"
      })
  void nonHttpSchemesAreRefusedByForm(String url) {
    assertThat(OutboundAddressPolicy.formRefusal(url))
        .hasValueSatisfying(reason -> assertThat(reason).contains("http or https"));
    assertThat(allowingPrivate.refusal(url)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http:///hook", "https://:8443/hook", "http://under_score/hook"})
  void urlsWithoutAHostAreRefusedByForm(String url) {
    assertThat(OutboundAddressPolicy.formRefusal(url))
        .hasValueSatisfying(reason -> assertThat(reason).contains("must name a host"));
  }

  @Test
  void credentialsInTheUrlAreRefusedByForm() {
    assertThat(OutboundAddressPolicy.formRefusal("https://user:secret@8.8.8.8/hook"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("credentials"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://exa mple.com/", "http://[::1/hook", ""})
  void malformedOrEmptyUrlsAreRefusedByForm(String url) {
    assertThat(OutboundAddressPolicy.formRefusal(url)).isPresent();
    assertThat(allowingPrivate.refusal(url)).isPresent();
  }

  @Test
  void aMissingUrlIsRefusedRatherThanThrown() {
    assertThat(OutboundAddressPolicy.formRefusal(null)).isPresent();
    assertThat(allowingPrivate.refusal((String) null)).isPresent();
  }

  /**
   * The allow-list lifts the private refusal for its host names only, whatever case or final dot
   * they are written with; link-local, metadata and uncallable addresses stay refused even there.
   */
  @ParameterizedTest
  @CsvSource({
    "provider-simulator, 172.18.0.5, ",
    "Provider-Simulator., 172.18.0.5, ",
    "provider-simulator, 127.0.0.1, ",
    "provider-simulator, fd12::5, ",
    "other-host, 172.18.0.5, loopback or private",
    "simulator, 10.0.0.1, loopback or private",
    "provider-simulator, 169.254.169.254, link-local",
    "provider-simulator, ::ffff:169.254.169.254, link-local",
    "provider-simulator, 100.100.100.200, cloud metadata",
    "provider-simulator, 0.0.0.0, cannot be called",
    "provider-simulator, 8.8.8.8, "
  })
  void allowedHostsMayResolveToPrivateAddressesButNeverToLinkLocalOnes(
      String host, String address, String refusal) throws Exception {
    var policy = new OutboundAddressPolicy(false, List.of("provider-simulator", " ", "demo.local"));
    var check = policy.checkHost(host, lookup(Map.of(host, address)));

    if (refusal == null) {
      assertThat(check.allowed()).isTrue();
      assertThat(check.addresses()).containsExactly(InetAddress.getByName(address));
    } else {
      assertThat(check.kind()).isEqualTo(AddressCheck.Kind.REFUSED);
      assertThat(check.reason()).contains(refusal);
      assertThat(check.addresses()).isEmpty();
    }
  }

  @Test
  void withoutAnAllowListAPrivateAddressIsRefusedForEveryHost() throws Exception {
    var check =
        strict.checkHost("provider-simulator", lookup(Map.of("provider-simulator", "10.0.0.1")));

    assertThat(check.reason()).contains("loopback or private", "OUTBOUND_ALLOWED_HOSTS");
    assertThat(allowingPrivate.checkHost("x", lookup(Map.of("x", "10.0.0.1"))).allowed()).isTrue();
  }

  @Test
  void oneRefusedAddressAmongManyRefusesTheHost() {
    HostLookup.Resolver both =
        host ->
            new InetAddress[] {
              InetAddress.getByName("8.8.8.8"), InetAddress.getByName("169.254.169.254")
            };
    try (var lookup = new HostLookup(both, 2, Duration.ofSeconds(2))) {
      var check = allowingPrivate.check("https://rebound.example/hook", lookup);

      assertThat(check.kind()).isEqualTo(AddressCheck.Kind.REFUSED);
      assertThat(check.reason()).contains("rebound.example", "link-local");
    }
  }

  @Test
  void aHostThatDoesNotResolveIsUnresolvedNotRefusedAndABadFormIsRefusedWithoutALookUp() {
    HostLookup.Resolver none =
        host -> {
          throw new UnknownHostException(host);
        };
    try (var lookup = new HostLookup(none, 2, Duration.ofSeconds(2))) {
      var unresolved = strict.check("https://nowhere.example/", lookup);
      assertThat(unresolved.kind()).isEqualTo(AddressCheck.Kind.UNRESOLVED);
      assertThat(unresolved.reason())
          .isEqualTo("outbound_url host nowhere.example does not resolve");
      var badForm = strict.check("ftp://nowhere.example/", lookup);
      assertThat(badForm.kind()).isEqualTo(AddressCheck.Kind.REFUSED);
      assertThat(badForm.reason()).contains("http or https");
    }
  }

  /**
   * A resolver double that answers each host with its one address, and knows no other; as DNS, it
   * knows a name whatever its case or final dot.
   */
  static HostLookup lookup(Map<String, String> answers) {
    Map<String, String> byName = new HashMap<>();
    answers.forEach((host, address) -> byName.put(HostLookup.normalized(host), address));
    return new HostLookup(
        host -> {
          String address = byName.get(HostLookup.normalized(host));
          if (address == null) {
            throw new UnknownHostException(host);
          }
          return new InetAddress[] {InetAddress.getByName(address)};
        },
        2,
        Duration.ofSeconds(2));
  }
}
