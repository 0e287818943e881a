package com.omnichannel.simulator.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

  @Test
  void theSignatureIsTwiliosExample() {
    // The example of Twilio's webhook security page: its auth token, URL, parameters and result.
    var parameters =
        Map.of(
            "CallSid", "CA1234567890ABCDE",
            "Caller", "+12349013030",
            "Digits", "1234",
            "From", "+12349013030",
            "To", "+18005551212");

    assertThat(
            TwilioSignature.of("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters))
        .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  }
}
