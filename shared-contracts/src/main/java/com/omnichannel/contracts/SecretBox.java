package com.omnichannel.contracts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.keygen.KeyGenerators;

/**
 * Seals secrets with AES-256-GCM under the deployment's key ({@code OMNI_SECRETS_KEY}): channels'
 * credentials at rest in the database, and the credentials a delivery request carries through Kafka
 * to the gateway. A sealed value is {@code v1:} and the base64 of a fresh 16-byte IV, the
 * ciphertext and the GCM tag. Each value is sealed for a context (which channel, which message),
 * which the ciphertext authenticates: a value copied into another row or record does not open
 * there.
 */
public final class SecretBox {

  /** The environment variable that holds the key: the base64 of 32 random bytes. */
  public static final String KEY_VARIABLE = "OMNI_SECRETS_KEY";

  /** The environment variable that may name a file holding the key instead. */
  public static final String KEY_FILE_VARIABLE = "OMNI_SECRETS_KEY_FILE";

  private static final String PREFIX = "v1:";
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 16;
  private static final char CONTEXT_END = '\n';

  private final AesBytesEncryptor encryptor;

  private SecretBox(SecretKey key) {
    this.encryptor =
        new AesBytesEncryptor(
            key, KeyGenerators.secureRandom(IV_BYTES), AesBytesEncryptor.CipherAlgorithm.GCM);
  }

  /**
   * The box for a base64 key of 32 bytes.
   *
   * @throws IllegalArgumentException when the key is missing, not base64 or not 32 bytes long
   */
  public static SecretBox fromBase64Key(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalArgumentException(
          KEY_VARIABLE
              + " is not set: give it (or a file named by "
              + KEY_FILE_VARIABLE
              + ") the base64 of 32 random bytes (openssl rand -base64 32); channels'"
              + " credentials are stored encrypted under it");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY_VARIABLE + " is not base64", e);
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          KEY_VARIABLE + " must be 32 bytes (base64 of them), not " + key.length);
    }
    return new SecretBox(new SecretKeySpec(key, "AES"));
  }

  /**
   * The box for the key given in {@code key}, or else in the file {@code keyFile} (as compose
   * mounts a generated one); blank values count as not given.
   *
   * @throws IllegalArgumentException when neither gives a valid key, or the file cannot be read
   */
  public static SecretBox fromKeyOrFile(String key, String keyFile) {
    if ((key == null || key.isBlank()) && keyFile != null && !keyFile.isBlank()) {
      try {
        return fromBase64Key(Files.readString(Path.of(keyFile.strip())).strip());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            KEY_FILE_VARIABLE + " names " + keyFile + ", which cannot be read: " + e, e);
      }
    }
    return fromBase64Key(key);
  }

  /** Whether {@code value} is a sealed value (rather than, say, a secret not sealed yet). */
  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** {@code plaintext} sealed for {@code context}. */
  public String seal(String plaintext, String context) {
    byte[] framed = (context + CONTEXT_END + plaintext).getBytes(StandardCharsets.UTF_8);
    return PREFIX + Base64.getEncoder().encodeToString(encryptor.encrypt(framed));
  }

  /**
   * The plaintext of a value sealed for {@code context}.
   *
   * @throws IllegalArgumentException when the value is not sealed, was changed, was sealed under
   *     another key or for another context
   */
  public String open(String sealed, String context) {
    if (!isSealed(sealed)) {
      throw new IllegalArgumentException("Not a sealed value");
    }
    String framed;
    try {
      byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      framed = new String(encryptor.decrypt(bytes), StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      // Spring's encryptor reports a failed tag check as an IllegalStateException.
      throw new IllegalArgumentException("The sealed value does not open under this key", e);
    }
    int end = framed.indexOf(CONTEXT_END);
    if (end < 0 || !framed.substring(0, end).equals(context)) {
      throw new IllegalArgumentException("The sealed value was sealed for another context");
    }
    return framed.substring(end + 1);
  }
}
