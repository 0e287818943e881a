package com.omnichannel.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.testing.ServiceConfiguration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a gateway gets when it sets nothing: each setting's default, given in the file. */
class ConfigurationDefaultsTest {

  static final String CONFIG_NAME = GatewayApplication.CONFIG_NAME;
  static final String[] PACKAGES = {"com.omnichannel.gateway", "com.omnichannel.kafka"};
  static final String[] KNOWN_RECORDS = {
    "OutboundProperties", "SecretsProperties", "TopicProperties", "OmniKafkaProperties"
  };

  @Test
  void aGatewayThatSetsNothingCallsNoPrivateNetwork() {
    assertThat(
            ServiceConfiguration.fileOnly(CONFIG_NAME)
                .getProperty("omni.outbound.allow-private-networks"))
        .isEqualTo("false");
  }

  @Test
  void aGatewayThatSetsNothingHasNoSecretsKey() {
    assertThat(ServiceConfiguration.fileOnly(CONFIG_NAME).getProperty("omni.secrets.key"))
        .isEmpty();
  }

  @Test
  void aGatewayWithoutASecretsKeyRefusesToStartNamingIt() {
    assertThatThrownBy(() -> start("--omni.secrets.key="))
        .rootCause()
        .hasMessageContaining("OMNI_SECRETS_KEY is not set");
  }

  @Test
  void aGatewayWithAKeyThatIsNot32BytesRefusesToStart() {
    String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> start("--omni.secrets.key=" + sixteenBytes))
        .rootCause()
        .hasMessageContaining("OMNI_SECRETS_KEY must be 32 bytes");
  }

  /**
   * Every {@code @ConfigurationProperties} record of the service, its own and kafka-support's: each
   * setting it has is given in the file (so the file is the one place of its default), and the file
   * alone binds it.
   */
  @Test
  void everyPropertiesRecordHasEachOfItsSettingsInTheFileAndBindsFromIt() {
    ServiceConfiguration.assertEveryPropertiesRecordIsSetInTheFileAndBinds(
        CONFIG_NAME, List.of(PACKAGES), KNOWN_RECORDS);
  }

  /**
   * Starts a gateway with {@code arguments}; it fails while it creates its beans, before it would
   * reach a broker (so none is given).
   */
  static void start(String... arguments) {
    String[] all = new String[arguments.length + 2];
    all[0] = "--server.port=0";
    all[1] = "--spring.kafka.bootstrap-servers=127.0.0.1:9";
    System.arraycopy(arguments, 0, all, 2, arguments.length);
    GatewayApplication.application().run(all).close();
  }
}
