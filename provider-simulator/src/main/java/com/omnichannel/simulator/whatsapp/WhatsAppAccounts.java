package com.omnichannel.simulator.whatsapp;

import com.omnichannel.simulator.account.AccountEntries;
import com.omnichannel.simulator.account.AccountEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The WhatsApp Cloud API accounts the simulator stands in for ({@code
 * SIMULATOR_WHATSAPP_ACCOUNTS}).
 */
final class WhatsAppAccounts {

  static final String VARIABLE = "SIMULATOR_WHATSAPP_ACCOUNTS";
  private static final List<String> FIELDS =
      List.of("phone_number_id", "access_token", "app_secret");

  /**
   * One business phone number on the Cloud API, and the app whose secret signs its webhooks.
   *
   * @param channelId our channel it is, for the webhook's path
   */
  record Account(long channelId, String phoneNumberId, String accessToken, String appSecret) {

    /**
     * The WhatsApp Business Account the number belongs to. The setting does not give one (the API
     * goes by the channel in the path and the phone number id); a stable number per channel stands
     * in, so that each account's webhooks carry one id.
     */
    String businessAccountId() {
      return String.valueOf(100_000_000_000_000L + channelId);
    }

    /** The number as customers see it; the setting gives none, so one reserved for fiction. */
    String displayPhoneNumber() {
      return "1555" + String.format("%07d", channelId % 10_000_000);
    }
  }

  private final Map<String, Account> byPhoneNumberId;
  private final Map<Long, Account> byChannel;

  private WhatsAppAccounts(List<Account> accounts) {
    this.byPhoneNumberId =
        accounts.stream().collect(Collectors.toMap(Account::phoneNumberId, Function.identity()));
    this.byChannel =
        accounts.stream().collect(Collectors.toMap(Account::channelId, Function.identity()));
  }

  /**
   * Reads {@code channel_id|phone_number_id|access_token|app_secret}, comma-separated.
   *
   * @throws IllegalArgumentException on a malformed entry, or a phone number id that is not a
   *     number or is given twice
   */
  static WhatsAppAccounts parse(String value) {
    List<Account> accounts =
        AccountEntries.parse(VARIABLE, value, FIELDS, 0).stream()
            .map(WhatsAppAccounts::account)
            .toList();
    AccountEntries.requireUnique(
        VARIABLE, accounts.stream().map(Account::phoneNumberId).toList(), "phone_number_id");
    return new WhatsAppAccounts(accounts);
  }

  private static Account account(AccountEntry entry) {
    String phoneNumberId = entry.field(0);
    if (!phoneNumberId.matches("[0-9]+")) {
      throw new IllegalArgumentException(
          VARIABLE
              + ": channel "
              + entry.channelId()
              + " has a phone_number_id that is not a number");
    }
    return new Account(entry.channelId(), phoneNumberId, entry.field(1), entry.field(2));
  }

  Optional<Account> byPhoneNumberId(String phoneNumberId) {
    return Optional.ofNullable(byPhoneNumberId.get(phoneNumberId));
  }

  Optional<Account> byChannel(long channelId) {
    return Optional.ofNullable(byChannel.get(channelId));
  }
}
