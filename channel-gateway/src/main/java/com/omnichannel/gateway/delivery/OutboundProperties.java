package com.omnichannel.gateway.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the gateway calls providers ({@code omni.outbound.*}).
 *
 * @param connectTimeout how long a connection to a provider may take to open
 * @param responseTimeout how long a provider may take to answer once the request is sent
 * @param allowPrivateNetworks whether loopback, private and unique-local addresses may be called
 * @param allowedHosts host names that may resolve to such addresses when they may not otherwise
 * @param dnsTimeout how long a provider's host may take to resolve
 * @param maxInFlightPerChannel attempts one channel may have in flight before more are deferred
 * @param maxInFlightPerCompany attempts one company's channels may have in flight together
 * @param maxInFlight attempts the whole gateway may have in flight before more are deferred
 * @param requestExpiry age beyond which a request is skipped: the API has asked again by then
 */
@ConfigurationProperties("omni.outbound")
record OutboundProperties(
    Duration connectTimeout,
    Duration responseTimeout,
    boolean allowPrivateNetworks,
    List<String> allowedHosts,
    Duration dnsTimeout,
    int maxInFlightPerChannel,
    int maxInFlightPerCompany,
    int maxInFlight,
    Duration requestExpiry) {

  OutboundProperties {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
  }
}
