package com.omnichannel.simulator.delivery;

import com.omnichannel.simulator.SimulatorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

  @Bean
  ChannelSecrets channelSecrets(SimulatorProperties properties) {
    return ChannelSecrets.parse(properties.channelSecrets());
  }
}
