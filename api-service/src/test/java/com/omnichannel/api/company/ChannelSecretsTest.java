package com.omnichannel.api.company;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.api.ApiApplication;
import com.omnichannel.testing.ServiceConfiguration;
import com.omnichannel.testing.TestSecrets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deployment without a secrets key does not start, and the secrets sealed for one channel and
 * column open only there.
 */
class ChannelSecretsTest {

  private final ChannelSecrets secrets =
      new ChannelSecrets(new SecretsProperties(TestSecrets.KEY, ""), JsonMapper.builder().build());

  @Test
  void anApiWithoutASecretsKeyRefusesToStartNamingIt() {
    var file = ServiceConfiguration.fileOnly(ApiApplication.CONFIG_NAME);

    assertThat(file.getProperty("omni.secrets.key")).isEmpty();
    assertThat(file.getProperty("omni.secrets.key-file")).isEmpty();
    assertThatThrownBy(
            () -> new ChannelSecrets(new SecretsProperties("", ""), JsonMapper.builder().build()))
        .hasMessageContaining("OMNI_SECRETS_KEY is not set");
  }

  @Test
  void aChannelsSecretsOpenForThatChannelOnly() {
    String webhook = secrets.sealWebhookSecret(7, "hook-secret");
    String provider = secrets.sealProviderSecrets(7, Map.of("access_token", "token"));

    assertThat(webhook).startsWith("v1:").doesNotContain("hook-secret");
    assertThat(secrets.openWebhookSecret(7, webhook)).isEqualTo("hook-secret");
    assertThat(secrets.openProviderSecrets(7, provider)).containsEntry("access_token", "token");
    assertThatThrownBy(() -> secrets.openWebhookSecret(8, webhook))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> secrets.openWebhookSecret(7, provider))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aChannelPrintsNoneOfItsSecrets() {
    Channel channel =
        new Channel(
            3,
            1,
            "WA",
            "whatsapp",
            "hook-secret",
            null,
            Provider.WHATSAPP_CLOUD,
            new ProviderConfig.WhatsAppCloud(
                "106540352242922", "access-secret", "app-secret", "verify-secret", "https://x"));

    assertThat(channel.toString() + channel.config())
        .contains("106540352242922")
        .doesNotContain("hook-secret", "access-secret", "app-secret", "verify-secret");
    assertThat(new ProviderConfig.Twilio("AC1", "auth-secret", "+1", null, "https://x").toString())
        .doesNotContain("auth-secret");
    assertThat(new ProviderConfig.Telegram("1:bot-secret", "token-secret", "https://x").toString())
        .doesNotContain("bot-secret", "token-secret");
  }

  @Test
  void aSecretStoredBeforeSealingIsReadAsItIs() {
    assertThat(secrets.openWebhookSecret(2, "globex-webhook-secret"))
        .isEqualTo("globex-webhook-secret");
    assertThat(secrets.openProviderSecrets(3, "{\"app_secret\":\"s\"}"))
        .containsEntry("app_secret", "s");
  }
}
