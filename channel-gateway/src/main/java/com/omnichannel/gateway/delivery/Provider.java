package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.OutboundMessageRequested;

/**
 * Whose API a delivery request is for, as {@link OutboundMessageRequested#provider()} spells it,
 * and how that provider's answers read. The generic provider is our own JSON, signed with the
 * channel's webhook secret; the others are the providers' own APIs, called with the credentials the
 * request carries sealed.
 */
enum Provider {
  GENERIC("generic", new GenericAnswers()),
  WHATSAPP_CLOUD("whatsapp_cloud", new WhatsAppAnswers()),
  TWILIO("twilio", new TwilioAnswers()),
  TELEGRAM("telegram", new TelegramAnswers());

  private final String spelling;
  private final ProviderAnswers answers;

  Provider(String spelling, ProviderAnswers answers) {
    this.spelling = spelling;
    this.answers = answers;
  }

  /** The spelling in events. */
  String spelling() {
    return spelling;
  }

  /** What this provider's answers mean. */
  ProviderAnswers answers() {
    return answers;
  }

  /** Whether its requests need sealed credentials (all but the generic one). */
  boolean needsCredentials() {
    return this != GENERIC;
  }

  /**
   * The provider {@code spelling} names; null means generic, as in requests of schema version 1.
   *
   * @throws IllegalArgumentException when it names none
   */
  static Provider of(String spelling) {
    if (spelling == null) {
      return GENERIC;
    }
    for (Provider provider : values()) {
      if (provider.spelling.equals(spelling)) {
        return provider;
      }
    }
    throw new IllegalArgumentException("Unknown provider '" + spelling + "'");
  }
}
