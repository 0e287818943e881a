package com.omnichannel.api.company;

import com.omnichannel.api.web.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A channel's {@code provider_config}: checked when it is given, split into the fields stored in
 * clear and the secrets stored sealed, and put together again when the channel is read.
 */
final class ProviderAccounts {

  private static final Pattern DIGITS = Pattern.compile("^[0-9]{1,32}$");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  private static final Pattern ACCOUNT_SID = Pattern.compile("^AC[0-9a-fA-F]{32}$");
  private static final Pattern SERVICE_SID = Pattern.compile("^MG[0-9a-fA-F]{32}$");
  private static final Pattern BOT_TOKEN = Pattern.compile("^[0-9]{1,20}:[A-Za-z0-9_-]{1,100}$");
  // Telegram's own rule for a webhook's secret_token.
  private static final Pattern SECRET_TOKEN = Pattern.compile("^[A-Za-z0-9_-]{1,256}$");
  private static final int MAX_SECRET_LENGTH = 1024;

  private static final Map<Provider, List<String>> PUBLIC_FIELDS =
      Map.of(
          Provider.WHATSAPP_CLOUD, List.of("phone_number_id", "api_base_url"),
          Provider.TWILIO, List.of("account_sid", "from", "messaging_service_sid", "api_base_url"),
          Provider.TELEGRAM, List.of("api_base_url"));

  private static final Map<Provider, List<String>> SECRET_FIELDS =
      Map.of(
          Provider.WHATSAPP_CLOUD, List.of("access_token", "app_secret", "verify_token"),
          Provider.TWILIO, List.of("auth_token"),
          Provider.TELEGRAM, List.of("bot_token", "secret_token"));

  private ProviderAccounts() {}

  /**
   * The account a request gives for a channel of {@code type}. Fields it leaves out keep their
   * value in {@code current} when that is the same provider's, so a change need not repeat the
   * secrets.
   *
   * @throws InvalidRequestException naming the first field that is missing or wrong
   */
  static ProviderConfig fromRequest(
      Provider provider, String type, Map<String, Object> given, ProviderConfig current) {
    if (!provider.serves(type)) {
      throw new InvalidRequestException(
          "provider "
              + provider.spelling()
              + " serves channels of type "
              + provider.typesText()
              + ", not "
              + type);
    }
    if (provider == Provider.GENERIC) {
      if (given != null && !given.isEmpty()) {
        throw new InvalidRequestException(
            "provider_config is only for whatsapp_cloud, twilio or" + " telegram channels");
      }
      return new ProviderConfig.None();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    if (current != null && Provider.of(current) == provider) {
      fields.putAll(fieldsOf(current));
    }
    Set<String> known = new TreeSet<>(PUBLIC_FIELDS.get(provider));
    known.addAll(SECRET_FIELDS.get(provider));
    for (var entry : (given == null ? Map.<String, Object>of() : given).entrySet()) {
      if (!known.contains(entry.getKey())) {
        throw new InvalidRequestException(
            "provider_config of a "
                + provider.spelling()
                + " channel has no field "
                + entry.getKey()
                + "; its fields are "
                + known);
      }
      Object value = entry.getValue();
      if (value != null && !(value instanceof String)) {
        throw new InvalidRequestException(
            "provider_config." + entry.getKey() + " must be a string");
      }
      String text = value == null ? null : ((String) value).strip();
      if (text == null || text.isEmpty()) {
        fields.remove(entry.getKey());
      } else {
        fields.put(entry.getKey(), text);
      }
    }
    ProviderConfig config = assemble(provider, fields);
    check(provider, type, config);
    return config;
  }

  /** The account as stored: the clear fields and the secrets, sealed by the caller. */
  static ProviderConfig fromRow(
      Provider provider, Map<String, String> publicFields, Map<String, String> secrets) {
    if (provider == Provider.GENERIC) {
      return new ProviderConfig.None();
    }
    Map<String, String> fields = new LinkedHashMap<>(publicFields);
    fields.putAll(secrets);
    return assemble(provider, fields);
  }

  /** The fields stored in clear. */
  static Map<String, String> publicFields(ProviderConfig config) {
    return only(config, PUBLIC_FIELDS);
  }

  /** The fields stored sealed. */
  static Map<String, String> secretFields(ProviderConfig config) {
    return only(config, SECRET_FIELDS);
  }

  private static Map<String, String> only(
      ProviderConfig config, Map<Provider, List<String>> names) {
    Provider provider = Provider.of(config);
    if (provider == Provider.GENERIC) {
      return Map.of();
    }
    Map<String, String> all = fieldsOf(config);
    Map<String, String> chosen = new LinkedHashMap<>();
    names
        .get(provider)
        .forEach(
            name -> {
              if (all.get(name) != null) {
                chosen.put(name, all.get(name));
              }
            });
    return chosen;
  }

  private static Map<String, String> fieldsOf(ProviderConfig config) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (config instanceof ProviderConfig.WhatsAppCloud wa) {
      fields.put("phone_number_id", wa.phoneNumberId());
      fields.put("access_token", wa.accessToken());
      fields.put("app_secret", wa.appSecret());
      fields.put("verify_token", wa.verifyToken());
      fields.put("api_base_url", wa.apiBaseUrl());
    } else if (config instanceof ProviderConfig.Twilio twilio) {
      fields.put("account_sid", twilio.accountSid());
      fields.put("auth_token", twilio.authToken());
      fields.put("from", twilio.from());
      fields.put("messaging_service_sid", twilio.messagingServiceSid());
      fields.put("api_base_url", twilio.apiBaseUrl());
    } else if (config instanceof ProviderConfig.Telegram telegram) {
      fields.put("bot_token", telegram.botToken());
      fields.put("secret_token", telegram.secretToken());
      fields.put("api_base_url", telegram.apiBaseUrl());
    }
    fields.values().removeIf(value -> value == null);
    return fields;
  }

  private static ProviderConfig assemble(Provider provider, Map<String, String> fields) {
    return switch (provider) {
      case WHATSAPP_CLOUD ->
          new ProviderConfig.WhatsAppCloud(
              fields.get("phone_number_id"),
              fields.get("access_token"),
              fields.get("app_secret"),
              fields.get("verify_token"),
              fields.getOrDefault(
                  "api_base_url", ProviderConfig.WhatsAppCloud.DEFAULT_API_BASE_URL));
      case TWILIO ->
          new ProviderConfig.Twilio(
              fields.get("account_sid"),
              fields.get("auth_token"),
              fields.get("from"),
              fields.get("messaging_service_sid"),
              fields.getOrDefault("api_base_url", ProviderConfig.Twilio.DEFAULT_API_BASE_URL));
      case TELEGRAM ->
          new ProviderConfig.Telegram(
              fields.get("bot_token"),
              fields.get("secret_token"),
              fields.getOrDefault("api_base_url", ProviderConfig.Telegram.DEFAULT_API_BASE_URL));
      case GENERIC -> new ProviderConfig.None();
    };
  }

  private static void check(Provider provider, String type, ProviderConfig config) {
    if (config instanceof ProviderConfig.WhatsAppCloud wa) {
      require("phone_number_id", wa.phoneNumberId(), DIGITS, "digits, as Meta shows it");
      requireSecret("access_token", wa.accessToken());
      requireSecret("app_secret", wa.appSecret());
      requireSecret("verify_token", wa.verifyToken());
    } else if (config instanceof ProviderConfig.Twilio twilio) {
      require("account_sid", twilio.accountSid(), ACCOUNT_SID, "AC and 32 hex digits");
      requireSecret("auth_token", twilio.authToken());
      boolean whatsapp = "whatsapp".equals(type);
      String from = twilio.from();
      if (from == null) {
        throw new InvalidRequestException("provider_config.from is required");
      }
      String number = whatsapp && from.startsWith("whatsapp:") ? from.substring(9) : from;
      if (!E164.matcher(number).matches() || (whatsapp != from.startsWith("whatsapp:"))) {
        throw new InvalidRequestException(
            "provider_config.from must be "
                + (whatsapp ? "whatsapp:+<E.164 number>" : "an E.164 number (+15005550006)")
                + " on a "
                + type
                + " channel");
      }
      if (twilio.messagingServiceSid() != null
          && !SERVICE_SID.matcher(twilio.messagingServiceSid()).matches()) {
        throw new InvalidRequestException(
            "provider_config.messaging_service_sid must be MG and 32 hex digits");
      }
    } else if (config instanceof ProviderConfig.Telegram telegram) {
      require("bot_token", telegram.botToken(), BOT_TOKEN, "BotFather's <digits>:<token>");
      require(
          "secret_token", telegram.secretToken(), SECRET_TOKEN, "1-256 of A-Z, a-z, 0-9, _ and -");
    }
  }

  private static void require(String field, String value, Pattern shape, String description) {
    if (value == null) {
      throw new InvalidRequestException("provider_config." + field + " is required");
    }
    if (!shape.matcher(value).matches()) {
      throw new InvalidRequestException("provider_config." + field + " must be " + description);
    }
  }

  private static void requireSecret(String field, String value) {
    if (value == null) {
      throw new InvalidRequestException("provider_config." + field + " is required");
    }
    if (value.length() > MAX_SECRET_LENGTH) {
      throw new InvalidRequestException(
          "provider_config." + field + " must be at most " + MAX_SECRET_LENGTH + " characters");
    }
  }
}
