package com.omnichannel.api.company;

import com.omnichannel.contracts.SecretBox;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals channels' secrets for the database and opens them again, each for its channel and column,
 * so that a value copied into another row does not open there. A value found unsealed (the demo
 * seed's, or one stored before secrets were sealed) is read as it is; {@link SecretsAtRest} seals
 * those when the API starts.
 */
@Component
public class ChannelSecrets {

  private static final TypeReference<LinkedHashMap<String, String>> FIELDS =
      new TypeReference<>() {};

  private final SecretBox box;
  private final JsonMapper json;

  ChannelSecrets(SecretsProperties properties, JsonMapper json) {
    // Throws, and so stops the API at start, when OMNI_SECRETS_KEY is missing or malformed.
    this.box = SecretBox.fromKeyOrFile(properties.key(), properties.keyFile());
    this.json = json;
  }

  /** The box the deployment's key opens, for what else must travel sealed. */
  public SecretBox box() {
    return box;
  }

  String sealWebhookSecret(long channelId, String secret) {
    return secret == null ? null : box.seal(secret, webhookContext(channelId));
  }

  String openWebhookSecret(long channelId, String stored) {
    if (stored == null || !SecretBox.isSealed(stored)) {
      return stored;
    }
    return box.open(stored, webhookContext(channelId));
  }

  String sealProviderSecrets(long channelId, Map<String, String> secrets) {
    return secrets.isEmpty()
        ? null
        : box.seal(json.writeValueAsString(secrets), providerContext(channelId));
  }

  Map<String, String> openProviderSecrets(long channelId, String stored) {
    if (stored == null) {
      return Map.of();
    }
    String fields =
        SecretBox.isSealed(stored) ? box.open(stored, providerContext(channelId)) : stored;
    return json.readValue(fields, FIELDS);
  }

  private static String webhookContext(long channelId) {
    return "channel:" + channelId + ":webhook_secret";
  }

  private static String providerContext(long channelId) {
    return "channel:" + channelId + ":provider_secrets";
  }
}
