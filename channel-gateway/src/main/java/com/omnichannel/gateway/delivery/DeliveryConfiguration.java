package com.omnichannel.gateway.delivery;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboundSettings.class)
class DeliveryConfiguration {

  @Bean
  InFlightLimits inFlightLimits(OutboundSettings settings) {
    return new InFlightLimits(settings.maxInFlightPerChannel(), settings.maxInFlight());
  }
}
