package com.omnichannel.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private final SecretBox box = SecretBox.fromBase64Key(randomKey());

  @Test
  void opensWhatItSealedAndHidesThePlaintext() {
    String sealed = box.seal("demo-whatsapp-access-token", "channel:3");

    assertThat(sealed).startsWith("v1:").doesNotContain("demo-whatsapp-access-token");
    assertThat(SecretBox.isSealed(sealed)).isTrue();
    assertThat(box.open(sealed, "channel:3")).isEqualTo("demo-whatsapp-access-token");
  }

  @Test
  void sealsTheSameSecretDifferentlyEachTime() {
    assertThat(box.seal("secret", "c")).isNotEqualTo(box.seal("secret", "c"));
  }

  @Test
  void refusesAnotherContextAnotherKeyAndAChangedValue() {
    String sealed = box.seal("secret", "channel:3");
    SecretBox other = SecretBox.fromBase64Key(randomKey());
    byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
    bytes[bytes.length - 1] ^= 1;
    String changed = "v1:" + Base64.getEncoder().encodeToString(bytes);

    assertThatThrownBy(() -> box.open(sealed, "channel:4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another context");
    assertThatThrownBy(() -> other.open(sealed, "channel:3"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> box.open(changed, "channel:3"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> box.open("plain", "channel:3"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsTheKeyFromAFileWhenNoneIsGivenDirectly(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    String key = randomKey();
    java.nio.file.Path file = dir.resolve("secrets.key");
    java.nio.file.Files.writeString(file, key + "\n");
    String sealed = SecretBox.fromBase64Key(key).seal("secret", "c");

    assertThat(SecretBox.fromKeyOrFile("", file.toString()).open(sealed, "c")).isEqualTo("secret");
    assertThat(SecretBox.fromKeyOrFile(key, "/no/such/file").open(sealed, "c")).isEqualTo("secret");
    assertThatThrownBy(() -> SecretBox.fromKeyOrFile(null, dir.resolve("missing").toString()))
        .hasMessageContaining("OMNI_SECRETS_KEY_FILE");
  }

  @Test
  void refusesAMissingOrShortKeyNamingTheVariable() {
    assertThatThrownBy(() -> SecretBox.fromBase64Key(null))
        .hasMessageContaining("OMNI_SECRETS_KEY");
    assertThatThrownBy(() -> SecretBox.fromBase64Key(" ")).hasMessageContaining("OMNI_SECRETS_KEY");
    assertThatThrownBy(() -> SecretBox.fromBase64Key("c2hvcnQ=")).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> SecretBox.fromBase64Key("not base64!")).hasMessageContaining("base64");
  }
}
