package com.omnichannel.simulator.twilio;

import com.omnichannel.simulator.SimulatorProperties;
import com.omnichannel.simulator.callback.Webhook;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The webhooks Twilio posts: status callbacks to the {@code StatusCallback} a send named, and the
 * customers' messages to {@code /webhooks/twilio/{channel_id}}; forms, signed with {@code
 * X-Twilio-Signature} under the account's auth token over the URL the API is reached at.
 */
@Component
class TwilioWebhooks {

  static final String FORM = "application/x-www-form-urlencoded";

  private final String apiUrl;
  private final String publicBaseUrl;

  TwilioWebhooks(SimulatorProperties properties) {
    this.apiUrl = properties.apiUrl().toString().replaceAll("/+$", "");
    this.publicBaseUrl = properties.publicBaseUrl().toString().replaceAll("/+$", "");
  }

  /** A new SID of the kind Twilio gives messages: {@code SM} and 32 hex digits. */
  static String newMessageSid() {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return "SM" + HexFormat.of().formatHex(random);
  }

  /**
   * The status callback of one status of {@code message}, posted to and signed over exactly the
   * {@code StatusCallback} the send gave.
   *
   * @param from the number it went out from; null when a Messaging Service with no number known
   *     here sent it
   */
  Webhook status(
      TwilioAccounts.Account account,
      URI statusCallback,
      TwilioMessage message,
      String from,
      String status) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageSid", message.sid());
    form.put("SmsSid", message.sid());
    form.put("AccountSid", account.accountSid());
    if (message.messagingServiceSid() != null) {
      form.put("MessagingServiceSid", message.messagingServiceSid());
    }
    if (from != null) {
      form.put("From", from);
    }
    form.put("To", message.to());
    form.put("MessageStatus", status);
    form.put("SmsStatus", status);
    form.put("ApiVersion", TwilioMessage.API_VERSION);
    return signed(account, statusCallback, statusCallback.toString(), form);
  }

  /**
   * The webhook of a message a customer sends to the account's number. Posted to the API's URL,
   * signed over its public one, as the API checks the URL Twilio was configured with.
   *
   * @param name the customer's WhatsApp profile name; sent, with their WhatsApp id, only for a
   *     {@code whatsapp:} sender, as Twilio does
   */
  Webhook inbound(
      TwilioAccounts.Account account,
      String from,
      String to,
      String name,
      String messageSid,
      String body) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageSid", messageSid);
    form.put("SmsMessageSid", messageSid);
    form.put("SmsSid", messageSid);
    form.put("AccountSid", account.accountSid());
    form.put("From", from);
    form.put("To", to);
    form.put("Body", body);
    form.put("NumMedia", "0");
    form.put("NumSegments", String.valueOf(TwilioMessage.segments(body)));
    form.put("SmsStatus", "received");
    form.put("ApiVersion", TwilioMessage.API_VERSION);
    if (from.startsWith("whatsapp:")) {
      form.put("ProfileName", name);
      form.put("WaId", from.replaceAll("[^0-9]", ""));
    }
    String path = "/webhooks/twilio/" + account.channelId();
    return signed(account, URI.create(apiUrl + path), publicBaseUrl + path, form);
  }

  private static Webhook signed(
      TwilioAccounts.Account account, URI postTo, String signedUrl, Map<String, String> form) {
    return Webhook.post(postTo, FORM, encode(form).getBytes(StandardCharsets.UTF_8))
        .header(TwilioSignature.HEADER, TwilioSignature.of(account.authToken(), signedUrl, form))
        .build();
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            field ->
                URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
