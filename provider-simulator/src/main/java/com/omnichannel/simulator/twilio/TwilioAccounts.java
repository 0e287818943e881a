package com.omnichannel.simulator.twilio;

import com.omnichannel.simulator.account.AccountEntries;
import com.omnichannel.simulator.account.AccountEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Twilio accounts the simulator stands in for ({@code SIMULATOR_TWILIO_ACCOUNTS}). */
final class TwilioAccounts {

  static final String VARIABLE = "SIMULATOR_TWILIO_ACCOUNTS";
  private static final List<String> FIELDS = List.of("account_sid", "auth_token", "from");

  /**
   * One Twilio account, as one channel uses it.
   *
   * @param from the number customers write to, such as {@code +15005550006} or {@code
   *     whatsapp:+14155238886}; null when the setting leaves it out
   */
  record Account(long channelId, String accountSid, String authToken, String from) {}

  private final Map<String, Account> bySid;
  private final Map<Long, Account> byChannel;

  private TwilioAccounts(List<Account> accounts) {
    this.bySid =
        accounts.stream().collect(Collectors.toMap(Account::accountSid, Function.identity()));
    this.byChannel =
        accounts.stream().collect(Collectors.toMap(Account::channelId, Function.identity()));
  }

  /**
   * Reads {@code channel_id|account_sid|auth_token[|from]}, comma-separated.
   *
   * @throws IllegalArgumentException on a malformed entry, or an account SID that is not {@code AC}
   *     and 32 hex digits or is given twice
   */
  static TwilioAccounts parse(String value) {
    List<Account> accounts =
        AccountEntries.parse(VARIABLE, value, FIELDS, 1).stream()
            .map(TwilioAccounts::account)
            .toList();
    AccountEntries.requireUnique(
        VARIABLE, accounts.stream().map(Account::accountSid).toList(), "account_sid");
    return new TwilioAccounts(accounts);
  }

  private static Account account(AccountEntry entry) {
    String sid = entry.field(0);
    if (!sid.matches("AC[0-9a-fA-F]{32}")) {
      throw new IllegalArgumentException(
          VARIABLE
              + ": channel "
              + entry.channelId()
              + " has an account_sid that is not AC + 32 hex");
    }
    return new Account(entry.channelId(), sid, entry.field(1), entry.field(2));
  }

  Optional<Account> bySid(String accountSid) {
    return Optional.ofNullable(bySid.get(accountSid));
  }

  Optional<Account> byChannel(long channelId) {
    return Optional.ofNullable(byChannel.get(channelId));
  }
}
