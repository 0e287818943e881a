package com.omnichannel.api.company;

/**
 * A company's inbound channel. Its type decides what identifies a contact on it.
 *
 * @param webhookSecret the key its provider signs webhook bodies with; null when it does not sign
 */
public record Channel(long id, long companyId, String name, String type, String webhookSecret) {

  /** Channel types, and so the providers, this backend accepts. */
  public static final java.util.Set<String> TYPES =
      java.util.Set.of("whatsapp", "sms", "email", "telegram");

  /** Email channels identify contacts by address; every other channel by phone number. */
  public boolean identifiesContactsByEmail() {
    return "email".equals(type);
  }
}
