package com.omnichannel.gateway.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the gateway calls providers ({@code omni.outbound.*}).
 *
 * @param connectTimeout how long a connection to a provider may take to open
 * @param responseTimeout how long a provider may take to answer once the request is sent
 * @param allowPrivateNetworks whether loopback, private and unique-local addresses may be called
 * @param maxInFlightPerChannel attempts one channel may have in flight before more are deferred
 * @param maxInFlight attempts the whole gateway may have in flight before more are deferred
 * @param requestExpiry age beyond which a request is skipped: the API has asked again by then
 */
@ConfigurationProperties("omni.outbound")
record OutboundProperties(
    Duration connectTimeout,
    Duration responseTimeout,
    boolean allowPrivateNetworks,
    int maxInFlightPerChannel,
    int maxInFlight,
    Duration requestExpiry) {}
