package com.omnichannel.gateway.delivery;

import static com.omnichannel.gateway.delivery.ProviderResponsesTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Twilio's answers to a Messages.json send, in the shapes of Twilio's documentation: the Message
 * resource of https://www.twilio.com/docs/messaging/api/message-resource and the JSON exception
 * ({@code code}, {@code message}, {@code more_info}, {@code status}) of
 * https://www.twilio.com/docs/usage/twilios-response.
 */
class TwilioAnswersTest {

  final ProviderResponses responses = ProviderResponsesTest.responses();

  static final String CREATED =
      """
      {
        "account_sid": "AC00000000000000000000000000000001",
        "api_version": "2010-04-01",
        "body": "Your order is on its way",
        "date_created": "Thu, 26 Nov 2026 10:00:00 +0000",
        "date_sent": null,
        "date_updated": "Thu, 26 Nov 2026 10:00:00 +0000",
        "direction": "outbound-api",
        "error_code": null,
        "error_message": null,
        "from": "+15005550006",
        "messaging_service_sid": null,
        "num_media": "0",
        "num_segments": "1",
        "price": null,
        "price_unit": "USD",
        "sid": "SM1f0e8ae6ade43cb3c0ce4525424e404f",
        "status": "queued",
        "subresource_uris": {
          "media": "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/SM1f0e8ae6ade43cb3c0ce4525424e404f/Media.json"
        },
        "to": "+15558675310",
        "uri": "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/SM1f0e8ae6ade43cb3c0ce4525424e404f.json"
      }
      """;

  static String exception(long code, int status, String message) {
    return """
        {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}
        """
        .formatted(code, message, code, status);
  }

  @Test
  void aCreatedMessageIsSentWithItsSid() {
    assertThat(responses.answered(Provider.TWILIO, 201, null, bytes(CREATED)))
        .isEqualTo(Attempt.sent(201, "SM1f0e8ae6ade43cb3c0ce4525424e404f"));
  }

  @ParameterizedTest
  @CsvSource({
    "21211, 400, Twilio error 21211: Invalid To number",
    "20003, 401, Twilio error 20003: Authentication failed",
    "21408, 400, Twilio error 21408: Permission to send to this region not enabled",
    "21610, 400, Twilio error 21610: Recipient unsubscribed",
    "21614, 400, Twilio error 21614: To number is not a mobile number",
    "63016, 400, Twilio error 63016: Outside the WhatsApp 24-hour window",
    "21606, 400, Twilio error 21606"
  })
  void clientErrorsAreFinalWithTheCodeAndOurTitle(long code, int status, String error) {
    Attempt attempt =
        responses.answered(
            Provider.TWILIO,
            status,
            null,
            bytes(exception(code, status, "The 'To' number +15558675310 is not valid.")));

    assertThat(attempt).isEqualTo(Attempt.rejected(status, error));
    assertThat(attempt.error()).doesNotContain("+15558675310", "more_info", "docs/errors");
  }

  @Test
  void tooManyRequestsIsRetriedAfterTheWaitAskedFor() {
    assertThat(
            responses.answered(
                Provider.TWILIO, 429, "2", bytes(exception(20429, 429, "Too Many Requests"))))
        .isEqualTo(Attempt.retryable(429, "Twilio error 20429: Too many requests", 2_000L));
  }

  @Test
  void twiliosTooManyRequestsCodeIsRetriedWhateverTheStatus() {
    assertThat(
            responses.answered(
                Provider.TWILIO, 400, null, bytes(exception(20429, 400, "Too Many Requests"))))
        .isEqualTo(Attempt.retryable(400, "Twilio error 20429: Too many requests", null));
  }

  @Test
  void serverErrorsAreRetried() {
    assertThat(
            responses.answered(
                Provider.TWILIO, 500, null, bytes(exception(20500, 500, "Internal Server Error"))))
        .isEqualTo(Attempt.retryable(500, "Twilio error 20500", null));
    assertThat(responses.answered(Provider.TWILIO, 503, null, bytes("<html>busy</html>")))
        .isEqualTo(Attempt.retryable(503, "HTTP 503", null));
  }

  @Test
  void anErrorWithoutACodeIsTheStatus() {
    assertThat(responses.answered(Provider.TWILIO, 404, null, bytes("{\"status\":404}")))
        .isEqualTo(Attempt.rejected(404, "HTTP 404"));
  }
}
