package com.omnichannel.simulator.telegram;

import com.omnichannel.simulator.SimulatorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TelegramConfiguration {

  @Bean
  TelegramBots telegramBots(SimulatorProperties properties) {
    return TelegramBots.parse(properties.telegramBots());
  }
}
