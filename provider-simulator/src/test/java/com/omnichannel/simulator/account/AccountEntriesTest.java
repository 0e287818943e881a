package com.omnichannel.simulator.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.simulator.SimulatorApplication;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountEntriesTest {

  static final List<String> FIELDS = List.of("account_sid", "auth_token", "from");

  @Test
  void readsEntriesWithAndWithoutTheOptionalField() {
    List<AccountEntry> entries =
        AccountEntries.parse("SIMULATOR_X", " 4|AC1|token|+15005550006 , 9|AC2|other", FIELDS, 1);

    assertThat(entries)
        .containsExactly(
            new AccountEntry(4, List.of("AC1", "token", "+15005550006")),
            new AccountEntry(9, List.of("AC2", "other")));
    assertThat(entries.get(1).field(2)).isNull();
  }

  @Test
  void blankMeansNoAccount() {
    assertThat(AccountEntries.parse("SIMULATOR_X", "", FIELDS, 1)).isEmpty();
    assertThat(AccountEntries.parse("SIMULATOR_X", null, FIELDS, 1)).isEmpty();
  }

  @Test
  void aMistypedEntryStopsTheSimulatorNamingTheVariableButNoSecret() {
    for (String typo :
        List.of(
            "4|AC1",
            "4|AC1|token|+1|extra",
            "4=AC1|token",
            "four|AC1|token",
            "4|AC1||+1",
            "4|AC1|token,",
            "4|AC1|token,4|AC2|other")) {
      assertThatIllegalArgumentException()
          .as(typo)
          .isThrownBy(() -> AccountEntries.parse("SIMULATOR_X", typo, FIELDS, 1))
          .withMessageStartingWith("SIMULATOR_X")
          .withMessageNotContaining("token|")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AC2", "other"));
    }
  }

  @Test
  void theSimulatorDoesNotStartWithAMistypedAccount() {
    assertThatThrownBy(
            () ->
                SimulatorApplication.application()
                    .properties(
                        "server.port=0", "SIMULATOR_WHATSAPP_ACCOUNTS=3|106540352242922|token")
                    .run()
                    .close())
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .rootCause()
        .hasMessageContaining("SIMULATOR_WHATSAPP_ACCOUNTS");
  }
}
