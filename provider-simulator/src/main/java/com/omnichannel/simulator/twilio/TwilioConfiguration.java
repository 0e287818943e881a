package com.omnichannel.simulator.twilio;

import com.omnichannel.simulator.SimulatorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TwilioConfiguration {

  @Bean
  TwilioAccounts twilioAccounts(SimulatorProperties properties) {
    return TwilioAccounts.parse(properties.twilioAccounts());
  }
}
