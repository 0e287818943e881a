package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.HostLookup;
import com.omnichannel.contracts.SecretBox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

  @Bean
  InFlightLimits inFlightLimits(OutboundProperties settings) {
    return new InFlightLimits(
        settings.maxInFlightPerChannel(), settings.maxInFlightPerCompany(), settings.maxInFlight());
  }

  /** Connections to providers, each to an address looked up by the system and checked. */
  @Bean
  ProviderConnections providerConnections(OutboundProperties settings) {
    return new ProviderConnections(settings, HostLookup.SYSTEM, ProviderConnections.PLAIN_SOCKETS);
  }

  /**
   * The box that opens requests' credentials. A gateway without a valid key refuses to start
   * (naming {@code OMNI_SECRETS_KEY}) rather than reject every provider's message once running.
   */
  @Bean
  SecretBox secretBox(SecretsProperties secrets) {
    return SecretBox.fromKeyOrFile(secrets.key(), secrets.keyFile());
  }
}
