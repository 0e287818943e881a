package com.omnichannel.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.ProviderCredentials;
import com.omnichannel.contracts.SecretBox;
import com.omnichannel.testing.TestSecrets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Which request a delivery request makes, and which it cannot, without a network. */
class ProviderRequestsTest {

  static final long MESSAGE = 42;
  static final String TOKEN = "123456789:demo-telegram-bot-token";
  static final String SEALED_URL = "https://api.telegram.org/bot" + TOKEN + "/sendMessage";
  static final String SHOWN_URL = "https://api.telegram.org/bot<bot_token>/sendMessage";

  final ProviderRequests requests =
      new ProviderRequests(TestSecrets.BOX, JsonMapper.builder().build());

  @Test
  void aGenericRequestGoesToItsOutboundUrlAsJson() {
    ProviderRequest request =
        requests.of(request(null, "https://hooks.example.com/in", null, null));

    assertThat(request.provider()).isEqualTo(Provider.GENERIC);
    assertThat(request.url()).isEqualTo("https://hooks.example.com/in");
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(request.authorization()).isNull();
  }

  @Test
  void aProvidersRequestGoesWhereItsCredentialsSayWithTheirAuthorization() {
    String sealed = seal("{\"authorization\":null,\"url\":\"" + SEALED_URL + "\"}", MESSAGE);

    ProviderRequest request = requests.of(request("telegram", SHOWN_URL, null, sealed));

    assertThat(request.provider()).isEqualTo(Provider.TELEGRAM);
    assertThat(request.url()).isEqualTo(SEALED_URL);
    assertThat(request.shownUrl()).isEqualTo(SHOWN_URL);
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(request.authorization()).isNull();
  }

  @Test
  void withoutAUrlInItsCredentialsARequestGoesToItsOutboundUrlInItsContentType() {
    String url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json";
    String sealed = seal("{\"authorization\":\"Basic QUMxOnNlY3JldA==\",\"url\":null}", MESSAGE);

    ProviderRequest request =
        requests.of(request("twilio", url, "application/x-www-form-urlencoded", sealed));

    assertThat(request.url()).isEqualTo(url);
    assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.authorization()).isEqualTo("Basic QUMxOnNlY3JldA==");
  }

  @Test
  void credentialsSealedUnderAnotherKeyAreRefusedWithoutShowingThem() {
    SecretBox otherKey = SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));
    String sealed =
        otherKey.seal(
            "{\"authorization\":\"Bearer EAAG-secret-token\",\"url\":null}",
            ProviderCredentials.context(MESSAGE));

    assertThatThrownBy(() -> requests.of(request("whatsapp_cloud", SHOWN_URL, null, sealed)))
        .isInstanceOf(UnsendableRequest.class)
        .hasMessageContaining("do not open")
        .hasMessageContaining("OMNI_SECRETS_KEY")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(sealed, "EAAG", "v1:"));
  }

  @Test
  void credentialsSealedForAnotherMessageDoNotOpen() {
    String sealed = seal("{\"authorization\":\"Bearer EAAG-secret-token\"}", MESSAGE + 1);

    assertThatThrownBy(() -> requests.of(request("whatsapp_cloud", SHOWN_URL, null, sealed)))
        .isInstanceOf(UnsendableRequest.class)
        .hasMessageContaining("do not open");
  }

  @Test
  void changedCredentialsDoNotOpen() {
    String sealed = seal("{\"authorization\":\"Bearer EAAG-secret-token\"}", MESSAGE);
    byte[] bytes = Base64.getDecoder().decode(sealed.substring("v1:".length()));
    bytes[bytes.length - 1] ^= 1;
    String changed = "v1:" + Base64.getEncoder().encodeToString(bytes);

    assertThatThrownBy(() -> requests.of(request("whatsapp_cloud", SHOWN_URL, null, changed)))
        .isInstanceOf(UnsendableRequest.class)
        .hasMessageContaining("do not open")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(changed));
  }

  @Test
  void aProvidersRequestWithoutCredentialsIsRefused() {
    assertThatThrownBy(() -> requests.of(request("twilio", SHOWN_URL, null, null)))
        .isInstanceOf(UnsendableRequest.class)
        .hasMessage("a twilio request needs credentials, and this one has none");
  }

  @Test
  void credentialsThatAreNotTheirJsonAreRefusedWithoutQuotingThem() {
    String sealed = seal("Bearer EAAG-secret-token", MESSAGE);

    assertThatThrownBy(() -> requests.of(request("whatsapp_cloud", SHOWN_URL, null, sealed)))
        .isInstanceOf(UnsendableRequest.class)
        .hasMessage("the request's credentials are not readable")
        .hasNoCause();
  }

  @Test
  void anUnknownProviderIsRefused() {
    assertThatThrownBy(() -> requests.of(request("carrier_pigeon", SHOWN_URL, null, null)))
        .isInstanceOf(UnsendableRequest.class)
        .hasMessage("Unknown provider 'carrier_pigeon'");
  }

  @Test
  void aRequestShowsNoneOfItsSecrets() {
    String sealed =
        seal("{\"authorization\":\"Bearer EAAG-secret\",\"url\":\"" + SEALED_URL + "\"}", MESSAGE);
    ProviderRequest request = requests.of(request("telegram", SHOWN_URL, null, sealed));

    assertThat(request.toString()).contains(SHOWN_URL).doesNotContain(TOKEN, "EAAG");
    Attempt quoting =
        Attempt.retryable(
            null,
            "connection failed: IOException: " + SEALED_URL + " with Bearer EAAG-secret",
            null);
    assertThat(request.redacted(quoting).error())
        .isEqualTo("connection failed: IOException: " + SHOWN_URL + " with <authorization>");
    assertThat(
            request
                .redacted(Attempt.retryable(null, "reset on /bot" + TOKEN + "/sendMessage", null))
                .error())
        .doesNotContain(TOKEN);
  }

  @Test
  void anErrorCutInTheMiddleOfASecretShowsNoPartOfIt() {
    String sealed = seal("{\"url\":\"" + SEALED_URL + "\"}", MESSAGE);
    ProviderRequest request = requests.of(request("telegram", SHOWN_URL, null, sealed));
    String quoting = "connection failed: " + "x".repeat(470) + " /bot" + TOKEN + "/sendMessage";

    String error = request.redacted(Attempt.retryable(null, quoting, null)).error();

    assertThat(error).endsWith("<hidden>...");
    assertThat(error).doesNotContain("/bot1");
  }

  static String seal(String credentials, long message) {
    return TestSecrets.BOX.seal(credentials, ProviderCredentials.context(message));
  }

  static OutboundMessageRequested request(
      String provider, String outboundUrl, String contentType, String sealedCredentials) {
    return OutboundMessageRequested.of(
        Instant.now(),
        1,
        7,
        MESSAGE,
        3,
        1,
        outboundUrl,
        "{\"chat_id\":987654321,\"text\":\"hi\"}",
        null,
        "corr-42",
        provider,
        contentType,
        sealedCredentials);
  }
}
