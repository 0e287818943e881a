package com.omnichannel.gateway.delivery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

  @Bean
  InFlightLimits inFlightLimits(OutboundProperties settings) {
    return new InFlightLimits(settings.maxInFlightPerChannel(), settings.maxInFlight());
  }
}
