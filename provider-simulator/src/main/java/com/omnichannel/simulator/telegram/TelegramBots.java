package com.omnichannel.simulator.telegram;

import com.omnichannel.simulator.account.AccountEntries;
import com.omnichannel.simulator.account.AccountEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Telegram bots the simulator stands in for ({@code SIMULATOR_TELEGRAM_BOTS}). */
final class TelegramBots {

  static final String VARIABLE = "SIMULATOR_TELEGRAM_BOTS";
  private static final List<String> FIELDS = List.of("bot_token", "secret_token");

  /**
   * One bot, as one channel uses it.
   *
   * @param secretToken what Telegram sends in {@code X-Telegram-Bot-Api-Secret-Token} with each
   *     update, as {@code setWebhook} was told
   */
  record Bot(long channelId, String botToken, String secretToken) {

    /** The bot's user id: the part of its token before the colon, as in Telegram's. */
    long userId() {
      return Long.parseLong(botToken.substring(0, botToken.indexOf(':')));
    }

    String username() {
      return "channel" + channelId + "_bot";
    }
  }

  private final Map<String, Bot> byToken;
  private final Map<Long, Bot> byChannel;

  private TelegramBots(List<Bot> bots) {
    this.byToken = bots.stream().collect(Collectors.toMap(Bot::botToken, Function.identity()));
    this.byChannel = bots.stream().collect(Collectors.toMap(Bot::channelId, Function.identity()));
  }

  /**
   * Reads {@code channel_id|bot_token|secret_token}, comma-separated.
   *
   * @throws IllegalArgumentException on a malformed entry, a bot token not shaped {@code
   *     <digits>:<letters>} or given twice, or a secret token Telegram would refuse (1 to 256 of
   *     {@code A-Z a-z 0-9 _ -})
   */
  static TelegramBots parse(String value) {
    List<Bot> bots =
        AccountEntries.parse(VARIABLE, value, FIELDS, 0).stream().map(TelegramBots::bot).toList();
    AccountEntries.requireUnique(VARIABLE, bots.stream().map(Bot::botToken).toList(), "bot_token");
    return new TelegramBots(bots);
  }

  private static Bot bot(AccountEntry entry) {
    String where = VARIABLE + ": channel " + entry.channelId() + " has a ";
    if (!entry.field(0).matches("[0-9]{1,18}:[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(where + "bot_token not shaped <digits>:<letters>");
    }
    if (!entry.field(1).matches("[A-Za-z0-9_-]{1,256}")) {
      throw new IllegalArgumentException(
          where + "secret_token other than 1 to 256 of A-Z a-z 0-9 _ -");
    }
    return new Bot(entry.channelId(), entry.field(0), entry.field(1));
  }

  Optional<Bot> byToken(String botToken) {
    return Optional.ofNullable(byToken.get(botToken));
  }

  Optional<Bot> byChannel(long channelId) {
    return Optional.ofNullable(byChannel.get(channelId));
  }
}
