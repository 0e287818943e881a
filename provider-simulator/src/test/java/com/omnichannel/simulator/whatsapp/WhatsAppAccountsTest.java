package com.omnichannel.simulator.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class WhatsAppAccountsTest {

  @Test
  void findsAnAccountByItsPhoneNumberIdAndByItsChannel() {
    WhatsAppAccounts accounts =
        WhatsAppAccounts.parse("3|106540352242922|demo-token|demo-secret,8|2222|t|s");

    assertThat(accounts.byPhoneNumberId("106540352242922"))
        .hasValueSatisfying(
            account -> {
              assertThat(account.channelId()).isEqualTo(3);
              assertThat(account.accessToken()).isEqualTo("demo-token");
              assertThat(account.appSecret()).isEqualTo("demo-secret");
            });
    assertThat(accounts.byChannel(8)).map(WhatsAppAccounts.Account::phoneNumberId).contains("2222");
    assertThat(accounts.byPhoneNumberId("3")).isEmpty();
  }

  @Test
  void aPhoneNumberIdThatIsNoNumberOrIsGivenTwiceStopsTheSimulator() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WhatsAppAccounts.parse("3|+15550001|token|secret"))
        .withMessageContaining("phone_number_id");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WhatsAppAccounts.parse("3|2222|token|secret,4|2222|t|s"))
        .withMessageContaining("phone_number_id");
  }
}
