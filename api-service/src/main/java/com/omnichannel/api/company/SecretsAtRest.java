package com.omnichannel.api.company;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seals, when the API starts, every channel secret still stored in clear: the demo seed's, and
 * those stored before secrets were sealed. Until then they are read as they are. Each update is
 * conditional on the clear value, so instances starting together seal each one once.
 */
@Component
class SecretsAtRest implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(SecretsAtRest.class);

  private final JdbcClient jdbc;
  private final ChannelSecrets secrets;

  SecretsAtRest(JdbcClient jdbc, ChannelSecrets secrets) {
    this.jdbc = jdbc;
    this.secrets = secrets;
  }

  private record Clear(long id, String webhookSecret, String providerSecrets) {}

  @Override
  @Transactional
  public void run(ApplicationArguments args) {
    List<Clear> clear =
        jdbc.sql(
                """
                SELECT id, webhook_secret, provider_secrets
                  FROM channels
                 WHERE webhook_secret NOT LIKE 'v1:%' OR provider_secrets NOT LIKE 'v1:%'
                """)
            .query(Clear.class)
            .list();
    for (Clear channel : clear) {
      if (channel.webhookSecret() != null && !channel.webhookSecret().startsWith("v1:")) {
        jdbc.sql("UPDATE channels SET webhook_secret = ? WHERE id = ? AND webhook_secret = ?")
            .params(
                secrets.sealWebhookSecret(channel.id(), channel.webhookSecret()),
                channel.id(),
                channel.webhookSecret())
            .update();
      }
      if (channel.providerSecrets() != null && !channel.providerSecrets().startsWith("v1:")) {
        jdbc.sql("UPDATE channels SET provider_secrets = ? WHERE id = ? AND provider_secrets = ?")
            .params(
                secrets.sealProviderSecrets(
                    channel.id(),
                    secrets.openProviderSecrets(channel.id(), channel.providerSecrets())),
                channel.id(),
                channel.providerSecrets())
            .update();
      }
    }
    if (!clear.isEmpty()) {
      log.info("Sealed the secrets of {} channels stored in clear", clear.size());
    }
  }
}
