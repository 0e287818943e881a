package com.omnichannel.api.company;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key channels' secrets are sealed under ({@code omni.secrets.*}).
 *
 * @param key the base64 of 32 random bytes ({@code OMNI_SECRETS_KEY})
 * @param keyFile a file holding the key, read when {@code key} is empty ({@code
 *     OMNI_SECRETS_KEY_FILE})
 */
@ConfigurationProperties("omni.secrets")
public record SecretsProperties(String key, String keyFile) {}
