package com.omnichannel.api.provider.telegram;

import com.omnichannel.api.company.ProviderConfig;
import com.omnichannel.api.provider.ConstantTime;
import com.omnichannel.api.web.UnauthenticatedException;

/**
 * How Telegram proves an update is its own: every webhook repeats, in {@value #HEADER}, the {@code
 * secret_token} the bot's {@code setWebhook} was given. Compared in constant time.
 */
final class TelegramSecretToken {

  static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";
  private static final String CHALLENGE = "Secret-Token header=\"" + HEADER + "\"";

  private TelegramSecretToken() {}

  /**
   * @throws UnauthenticatedException when the header is missing or is not the channel's token
   */
  static void verify(ProviderConfig.Telegram bot, String header) {
    if (header == null) {
      throw new UnauthenticatedException(
          "Telegram updates require the " + HEADER + " header", CHALLENGE);
    }
    if (!ConstantTime.equal(bot.secretToken(), header)) {
      throw new UnauthenticatedException(
          "The " + HEADER + " header is not the channel's secret_token", CHALLENGE);
    }
  }
}
