package com.omnichannel.api.company;

import com.fasterxml.jackson.annotation.JsonValue;
import com.omnichannel.api.web.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Whose format a channel speaks, in and out: our own generic JSON, or a real provider's API. The
 * set of channel types each one serves is fixed by the provider.
 */
public enum Provider {
  GENERIC(Channel.TYPES),
  WHATSAPP_CLOUD(Set.of("whatsapp")),
  TWILIO(Set.of("sms", "whatsapp")),
  TELEGRAM(Set.of("telegram"));

  private final Set<String> types;

  Provider(Set<String> types) {
    this.types = types;
  }

  /** The spelling in the API, the database and Kafka records. */
  @JsonValue
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a channel of {@code type} can use this provider. */
  public boolean serves(String type) {
    return types.contains(type);
  }

  /** The channel types this provider serves, sorted, for error messages. */
  public String typesText() {
    return String.join(" or ", types.stream().sorted().toList());
  }

  /** The provider whose account {@code config} is. */
  public static Provider of(ProviderConfig config) {
    if (config instanceof ProviderConfig.WhatsAppCloud) {
      return WHATSAPP_CLOUD;
    }
    if (config instanceof ProviderConfig.Twilio) {
      return TWILIO;
    }
    return config instanceof ProviderConfig.Telegram ? TELEGRAM : GENERIC;
  }

  /**
   * The provider a request or a row names; null names the generic one.
   *
   * @throws InvalidRequestException for any other spelling
   */
  public static Provider of(String spelling) {
    if (spelling == null) {
      return GENERIC;
    }
    return Arrays.stream(values())
        .filter(provider -> provider.spelling().equals(spelling))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "provider must be one of "
                        + Arrays.stream(values()).map(Provider::spelling).toList()));
  }
}
