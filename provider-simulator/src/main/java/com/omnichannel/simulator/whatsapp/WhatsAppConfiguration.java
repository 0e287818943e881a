package com.omnichannel.simulator.whatsapp;

import com.omnichannel.simulator.SimulatorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WhatsAppConfiguration {

  @Bean
  WhatsAppAccounts whatsAppAccounts(SimulatorProperties properties) {
    return WhatsAppAccounts.parse(properties.whatsappAccounts());
  }
}
