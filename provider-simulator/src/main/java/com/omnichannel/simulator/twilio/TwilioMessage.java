package com.omnichannel.simulator.twilio;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Twilio's Message resource, as {@code POST .../Messages.json} answers a send it took. Twilio gives
 * every value as a string, numbers too, and spells out the ones it does not know yet as null.
 */
record TwilioMessage(
    @JsonProperty("account_sid") String accountSid,
    @JsonProperty("api_version") String apiVersion,
    @JsonProperty("body") String body,
    @JsonProperty("date_created") String dateCreated,
    @JsonProperty("date_sent") String dateSent,
    @JsonProperty("date_updated") String dateUpdated,
    @JsonProperty("direction") String direction,
    @JsonProperty("error_code") Integer errorCode,
    @JsonProperty("error_message") String errorMessage,
    @JsonProperty("from") String from,
    @JsonProperty("messaging_service_sid") String messagingServiceSid,
    @JsonProperty("num_media") String numMedia,
    @JsonProperty("num_segments") String numSegments,
    @JsonProperty("price") String price,
    @JsonProperty("price_unit") String priceUnit,
    @JsonProperty("sid") String sid,
    @JsonProperty("status") String status,
    @JsonProperty("subresource_uris") Map<String, String> subresourceUris,
    @JsonProperty("to") String to,
    @JsonProperty("uri") String uri) {

  static final String API_VERSION = "2010-04-01";

  /** Twilio's dates: RFC 2822, in GMT, such as {@code Thu, 30 Jul 2015 20:12:31 +0000}. */
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
          .withZone(ZoneOffset.UTC);

  /**
   * A send just taken: 'queued' from a number, or 'accepted' through a Messaging Service, which has
   * not picked a sender yet, so no {@code from} and no segments.
   */
  static TwilioMessage created(
      String sid,
      String accountSid,
      String from,
      String messagingServiceSid,
      String to,
      String body,
      Instant now) {
    String uri = "/" + API_VERSION + "/Accounts/" + accountSid + "/Messages/" + sid;
    String created = RFC_2822.format(now);
    boolean viaService = from == null;
    return new TwilioMessage(
        accountSid,
        API_VERSION,
        body,
        created,
        null,
        created,
        "outbound-api",
        null,
        null,
        from,
        messagingServiceSid,
        "0",
        viaService ? "0" : String.valueOf(segments(body)),
        null,
        "USD",
        sid,
        viaService ? "accepted" : "queued",
        Map.of("media", uri + "/Media.json"),
        to,
        uri + ".json");
  }

  /** The SMS segments a text takes: 160 characters in one, 153 each once it is split. */
  static int segments(String body) {
    return body.length() <= 160 ? 1 : (body.length() + 152) / 153;
  }
}
