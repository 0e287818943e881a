package com.omnichannel.simulator.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;

/**
 * The form of a send to Twilio's Messages API, the fields the simulator reads; blank ones are null.
 *
 * @param from the sender; null when a Messaging Service picks one
 * @param statusCallback where Twilio is to post the message's statuses; null for nowhere
 */
record TwilioSend(
    String to, String from, String messagingServiceSid, String body, String statusCallback) {

  static TwilioSend of(MultiValueMap<String, String> form) {
    return new TwilioSend(
        field(form, "To"),
        field(form, "From"),
        field(form, "MessagingServiceSid"),
        field(form, "Body"),
        field(form, "StatusCallback"));
  }

  /**
   * Twilio's refusal of the send for {@code account}, in the order Twilio checks; null when the
   * send is fine.
   */
  ResponseEntity<Object> refusal(TwilioAccounts.Account account) {
    if (to == null) {
      return TwilioError.badRequest(21604, "A 'To' phone number is required.");
    }
    if (from == null && messagingServiceSid == null) {
      return TwilioError.badRequest(21603, "A 'From' phone number is required.");
    }
    if (from != null && account.from() != null && !sameNumber(from, account.from())) {
      return TwilioError.badRequest(
          21606,
          "The From phone number "
              + from
              + " is not a valid, SMS-capable inbound phone number or short code for your"
              + " account.");
    }
    if (body == null) {
      return TwilioError.badRequest(21602, "Message body is required.");
    }
    if (statusCallback != null && statusCallbackUrl() == null) {
      return TwilioError.badRequest(21609, "Invalid 'StatusCallback': " + statusCallback);
    }
    return null;
  }

  /**
   * The status callback, when it is an absolute http(s) URL with a host: the only check the
   * simulator makes of a URL it is told to post to, being a test tool on the test's own network.
   */
  URI statusCallbackUrl() {
    if (statusCallback == null) {
      return null;
    }
    try {
      URI url = new URI(statusCallback);
      String scheme = url.getScheme();
      boolean web = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
      return web && url.getHost() != null ? url : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** The statuses Twilio reports: 'read' for WhatsApp only, as an SMS ends at 'delivered'. */
  List<String> statuses() {
    List<String> statuses = new ArrayList<>(List.of("sent", "delivered"));
    if (to.startsWith("whatsapp:")) {
      statuses.add("read");
    }
    return statuses;
  }

  /** Whether two senders are one number, one of them perhaps as its WhatsApp address. */
  private static boolean sameNumber(String a, String b) {
    return a.replaceFirst("^whatsapp:", "").equals(b.replaceFirst("^whatsapp:", ""));
  }

  private static String field(MultiValueMap<String, String> form, String name) {
    String value = form.getFirst(name);
    return value == null || value.isBlank() ? null : value;
  }
}
