package com.omnichannel.simulator.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TelegramBotsTest {

  @Test
  void findsABotByItsTokenAndKnowsItsUserId() {
    TelegramBots bots =
        TelegramBots.parse("5|123456789:demo-telegram-bot-token|demo-telegram-secret-token");

    assertThat(bots.byToken("123456789:demo-telegram-bot-token"))
        .hasValueSatisfying(
            bot -> {
              assertThat(bot.channelId()).isEqualTo(5);
              assertThat(bot.userId()).isEqualTo(123456789L);
              assertThat(bot.secretToken()).isEqualTo("demo-telegram-secret-token");
            });
    assertThat(bots.byChannel(5)).isPresent();
    assertThat(bots.byToken("123456789:other")).isEmpty();
  }

  @Test
  void aTokenOrSecretTelegramWouldNotHaveStopsTheSimulator() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TelegramBots.parse("5|demo-token|secret"))
        .withMessageContaining("bot_token");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TelegramBots.parse("5|1:token|not allowed!"))
        .withMessageContaining("secret_token");
  }
}
