package com.omnichannel.gateway.delivery;

import static com.omnichannel.gateway.delivery.ProviderAnswers.failed;
import static com.omnichannel.gateway.delivery.ProviderAnswers.id;
import static com.omnichannel.gateway.delivery.ProviderAnswers.isRetryableStatus;
import static com.omnichannel.gateway.delivery.ProviderAnswers.isSuccess;
import static com.omnichannel.gateway.delivery.ProviderAnswers.number;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The WhatsApp Cloud API's answers to {@code POST /{phone_number_id}/messages}: a 2xx carries the
 * message's id (the wamid) in {@code messages[0].id}; an error is the Graph API's {@code
 * {"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}}, whose
 * {@code code} says more than the HTTP status (Meta's error codes:
 * https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
 */
final class WhatsAppAnswers implements ProviderAnswers {

  /** Rate limits, and Meta's own transient failure: the same request goes through later. */
  static final Set<Long> RETRYABLE_CODES = Set.of(130429L, 131056L, 80007L, 4L, 131000L);

  /** Outside the 24-hour window since the contact last wrote: only a template reaches them now. */
  static final long RE_ENGAGEMENT = 131047;

  /** Our titles: Meta's own are part of its message, which may quote the request. */
  static final Map<Long, String> TITLES =
      Map.ofEntries(
          Map.entry(131047L, "Re-engagement message"),
          Map.entry(130429L, "Rate limit hit"),
          Map.entry(131056L, "Pair rate limit hit"),
          Map.entry(80007L, "Rate limit issues"),
          Map.entry(4L, "Too many API calls"),
          Map.entry(190L, "Access token expired or invalid"),
          Map.entry(100L, "Invalid parameter"),
          Map.entry(131026L, "Message undeliverable"),
          Map.entry(131051L, "Unsupported message type"),
          Map.entry(131000L, "Something went wrong"),
          Map.entry(131005L, "Access denied"),
          Map.entry(131008L, "Required parameter is missing"),
          Map.entry(131009L, "Parameter value is not valid"),
          Map.entry(133010L, "Phone number not registered"),
          Map.entry(368L, "Temporarily blocked for policy violations"));

  @Override
  public Attempt answered(int status, JsonNode body, Long retryAfterMillis) {
    if (isSuccess(status)) {
      return Attempt.sent(status, id(body.path("messages").path(0).path("id")));
    }
    Long code = number(body.path("error").path("code"));
    if (code == null) {
      return failed(status, isRetryableStatus(status), "HTTP " + status, retryAfterMillis);
    }
    boolean retryable =
        RETRYABLE_CODES.contains(code) || (code != RE_ENGAGEMENT && isRetryableStatus(status));
    return failed(status, retryable, error(code), retryAfterMillis);
  }

  /**
   * {@code "<code> <our title>"}, or {@code "WhatsApp error <code>"} for a code we have none for.
   */
  static String error(long code) {
    String title = TITLES.get(code);
    return title != null ? code + " " + title : "WhatsApp error " + code;
  }
}
