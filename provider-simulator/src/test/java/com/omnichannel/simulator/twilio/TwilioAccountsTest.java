package com.omnichannel.simulator.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TwilioAccountsTest {

  static final String SID = "AC00000000000000000000000000000001";

  @Test
  void readsAccountsWithOrWithoutTheNumberCustomersWriteTo() {
    TwilioAccounts accounts =
        TwilioAccounts.parse(
            "4|" + SID + "|demo-token|+15005550006,7|AC" + "a".repeat(32) + "|other");

    assertThat(accounts.bySid(SID)).map(TwilioAccounts.Account::from).contains("+15005550006");
    assertThat(accounts.byChannel(7))
        .hasValueSatisfying(account -> assertThat(account.from()).isNull());
  }

  @Test
  void anAccountSidNotShapedLikeTwiliosStopsTheSimulator() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TwilioAccounts.parse("4|AC123|token"))
        .withMessageContaining("account_sid");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TwilioAccounts.parse("4|" + SID + "|a,5|" + SID + "|b"))
        .withMessageContaining("account_sid");
  }
}
