package com.omnichannel.gateway.delivery;

import static com.omnichannel.gateway.delivery.ProviderAnswers.failed;
import static com.omnichannel.gateway.delivery.ProviderAnswers.id;
import static com.omnichannel.gateway.delivery.ProviderAnswers.isRetryableStatus;
import static com.omnichannel.gateway.delivery.ProviderAnswers.isSuccess;
import static com.omnichannel.gateway.delivery.ProviderAnswers.number;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Twilio's answers to {@code POST /2010-04-01/Accounts/{account_sid}/Messages.json}: a 2xx is the
 * Message resource, whose {@code sid} is the message's id; an error is {@code
 * {"code","message","more_info","status"}} (https://www.twilio.com/docs/usage/twilios-response,
 * codes at https://www.twilio.com/docs/api/errors).
 */
final class TwilioAnswers implements ProviderAnswers {

  /** Twilio's own "too many requests", whatever the status it comes with. */
  static final long TOO_MANY_REQUESTS = 20429;

  /** Our titles: Twilio's message quotes the request (the numbers, for one). */
  static final Map<Long, String> TITLES =
      Map.of(
          20003L, "Authentication failed",
          21211L, "Invalid To number",
          21408L, "Permission to send to this region not enabled",
          21610L, "Recipient unsubscribed",
          21614L, "To number is not a mobile number",
          63016L, "Outside the WhatsApp 24-hour window",
          20429L, "Too many requests");

  @Override
  public Attempt answered(int status, JsonNode body, Long retryAfterMillis) {
    if (isSuccess(status)) {
      return Attempt.sent(status, id(body.path("sid")));
    }
    Long code = number(body.path("code"));
    boolean retryable = isRetryableStatus(status) || (code != null && code == TOO_MANY_REQUESTS);
    return failed(
        status, retryable, code == null ? "HTTP " + status : error(code), retryAfterMillis);
  }

  /** {@code "Twilio error <code>"}, and our title when we have one. */
  static String error(long code) {
    String title = TITLES.get(code);
    return "Twilio error " + code + (title != null ? ": " + title : "");
  }
}
