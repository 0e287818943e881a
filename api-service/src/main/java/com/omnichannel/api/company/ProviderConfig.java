package com.omnichannel.api.company;

/**
 * A channel's account at its provider. The secret fields are kept sealed at rest and are never
 * shown again once given; {@link #visible()} is what responses show, and {@code toString} shows no
 * more than that.
 */
public sealed interface ProviderConfig
    permits ProviderConfig.None,
        ProviderConfig.WhatsAppCloud,
        ProviderConfig.Twilio,
        ProviderConfig.Telegram {

  /** The non-secret fields, as responses show them. */
  Object visible();

  /** A generic channel: our own format, no account. */
  record None() implements ProviderConfig {
    @Override
    public Object visible() {
      return null;
    }
  }

  /**
   * A WhatsApp Business number on Meta's Cloud API.
   *
   * @param phoneNumberId the number's id at Meta, which sends go to
   * @param accessToken the token sends are authorised with (secret)
   * @param appSecret the key Meta signs webhooks with (secret)
   * @param verifyToken the token Meta's subscription check must repeat (secret)
   * @param apiBaseUrl the Graph API's base, with its version
   */
  record WhatsAppCloud(
      String phoneNumberId,
      String accessToken,
      String appSecret,
      String verifyToken,
      String apiBaseUrl)
      implements ProviderConfig {

    public static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com/v23.0";

    @Override
    public Visible visible() {
      return new Visible(phoneNumberId, apiBaseUrl);
    }

    @Override
    public String toString() {
      return "WhatsAppCloud" + visible() + " (secrets hidden)";
    }

    /** What a response shows of it. */
    public record Visible(String phoneNumberId, String apiBaseUrl) {}
  }

  /**
   * A Twilio account sending SMS or WhatsApp messages.
   *
   * @param accountSid the account (AC...)
   * @param authToken the key requests are authorised with and webhooks signed with (secret)
   * @param from the sender: an E.164 number, or {@code whatsapp:+...} on WhatsApp channels
   * @param messagingServiceSid the messaging service to send through instead of {@code from}; null
   *     when none
   * @param apiBaseUrl Twilio's API base
   */
  record Twilio(
      String accountSid,
      String authToken,
      String from,
      String messagingServiceSid,
      String apiBaseUrl)
      implements ProviderConfig {

    public static final String DEFAULT_API_BASE_URL = "https://api.twilio.com";

    @Override
    public Visible visible() {
      return new Visible(accountSid, from, messagingServiceSid, apiBaseUrl);
    }

    @Override
    public String toString() {
      return "Twilio" + visible() + " (secrets hidden)";
    }

    /** What a response shows of it. */
    public record Visible(
        String accountSid, String from, String messagingServiceSid, String apiBaseUrl) {}
  }

  /**
   * A Telegram bot.
   *
   * @param botToken the token BotFather gave (secret)
   * @param secretToken what Telegram repeats in each webhook's secret header (secret)
   * @param apiBaseUrl the Bot API's base
   */
  record Telegram(String botToken, String secretToken, String apiBaseUrl)
      implements ProviderConfig {

    public static final String DEFAULT_API_BASE_URL = "https://api.telegram.org";

    @Override
    public Visible visible() {
      return new Visible(apiBaseUrl);
    }

    @Override
    public String toString() {
      return "Telegram" + visible() + " (secrets hidden)";
    }

    /** What a response shows of it. */
    public record Visible(String apiBaseUrl) {}
  }
}
