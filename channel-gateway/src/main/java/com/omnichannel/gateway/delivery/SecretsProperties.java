package com.omnichannel.gateway.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The deployment's secrets key ({@code omni.secrets.*}), which opens the credentials that delivery
 * requests carry sealed.
 *
 * @param key {@code OMNI_SECRETS_KEY}, the base64 of 32 bytes; the API's own
 * @param keyFile {@code OMNI_SECRETS_KEY_FILE}, a file holding the key, read when {@code key} is
 *     empty
 */
@ConfigurationProperties("omni.secrets")
record SecretsProperties(String key, String keyFile) {

  /** Without the key, which must never reach a log. */
  @Override
  public String toString() {
    return "SecretsProperties[key=<hidden>, keyFile=" + keyFile + "]";
  }
}
