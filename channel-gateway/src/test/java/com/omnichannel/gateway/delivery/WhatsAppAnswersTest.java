package com.omnichannel.gateway.delivery;

import static com.omnichannel.gateway.delivery.ProviderResponsesTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.contracts.DeliveryOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The WhatsApp Cloud API's answers to a send, in the shapes of Meta's documentation: the send
 * response of https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages and the
 * Graph API error object of
 * https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes.
 */
class WhatsAppAnswersTest {

  final ProviderResponses responses = ProviderResponsesTest.responses();

  static final String SENT =
      """
      {
        "messaging_product": "whatsapp",
        "contacts": [{"input": "+16505551234", "wa_id": "16505551234"}],
        "messages": [{"id": "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]
      }
      """;

  /** Meta's error object, with its own message and details, which the error must never show. */
  static String error(long code, long subcode, String message, String details) {
    return """
        {
          "error": {
            "message": "(#%d) %s",
            "type": "OAuthException",
            "code": %d,
            "error_data": {"messaging_product": "whatsapp", "details": "%s"},
            "error_subcode": %d,
            "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"
          }
        }
        """
        .formatted(code, message, code, details, subcode);
  }

  @Test
  void aSendIsSentWithTheWamidOfItsFirstMessage() {
    assertThat(responses.answered(Provider.WHATSAPP_CLOUD, 200, null, bytes(SENT)))
        .isEqualTo(Attempt.sent(200, "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"));
  }

  @Test
  void aSuccessWithoutMessagesHasNoId() {
    assertThat(responses.answered(Provider.WHATSAPP_CLOUD, 200, null, bytes("{\"id\":\"x\"}")))
        .isEqualTo(Attempt.sent(200, null));
  }

  @Test
  void outsideThe24HourWindowIsFinalAndShowsOnlyTheCodeAndOurTitle() {
    String body =
        error(
            131047,
            2494010,
            "Re-engagement message",
            "Message failed to send because more than 24 hours have passed since the customer"
                + " last replied to this number.");

    Attempt attempt = responses.answered(Provider.WHATSAPP_CLOUD, 400, "30", bytes(body));

    assertThat(attempt).isEqualTo(Attempt.rejected(400, "131047 Re-engagement message"));
    assertThat(attempt.error()).doesNotContain("24 hours", "Az8or2");
  }

  @ParameterizedTest
  @CsvSource({
    "130429, 400, 130429 Rate limit hit",
    "131056, 400, 131056 Pair rate limit hit",
    "80007, 400, 80007 Rate limit issues",
    "4, 400, 4 Too many API calls",
    "131000, 500, 131000 Something went wrong",
    "130429, 429, 130429 Rate limit hit"
  })
  void rateLimitsAndMetasTransientFailureAreRetriedWhateverTheStatus(
      long code, int status, String error) {
    Attempt attempt =
        responses.answered(
            Provider.WHATSAPP_CLOUD,
            status,
            "12",
            bytes(error(code, 0, "Rate limit", "Cloud API message throughput has been reached.")));

    assertThat(attempt).isEqualTo(Attempt.retryable(status, error, 12_000L));
  }

  @ParameterizedTest
  @CsvSource({
    "190, 401, 190 Access token expired or invalid",
    "100, 400, 100 Invalid parameter",
    "131026, 400, 131026 Message undeliverable",
    "131051, 400, 131051 Unsupported message type",
    "131005, 403, 131005 Access denied",
    "131008, 400, 131008 Required parameter is missing",
    "131009, 400, 131009 Parameter value is not valid",
    "133010, 400, 133010 Phone number not registered",
    "368, 403, 368 Temporarily blocked for policy violations",
    "132000, 400, WhatsApp error 132000"
  })
  void otherClientErrorsAreFinalWithOurTitleOrTheCode(long code, int status, String error) {
    Attempt attempt =
        responses.answered(
            Provider.WHATSAPP_CLOUD,
            status,
            null,
            bytes(error(code, 33, "Something about +16505551234", "Details of +16505551234")));

    assertThat(attempt).isEqualTo(Attempt.rejected(status, error));
    assertThat(attempt.error()).doesNotContain("16505551234");
  }

  @Test
  void anUnknownCodeWithAServerErrorIsRetried() {
    assertThat(
            responses.answered(
                Provider.WHATSAPP_CLOUD, 503, null, bytes(error(2, 0, "Service", "Temporarily"))))
        .isEqualTo(Attempt.retryable(503, "WhatsApp error 2", null));
  }

  @Test
  void theReEngagementErrorStaysFinalEvenWithAServerStatus() {
    assertThat(
            responses
                .answered(
                    Provider.WHATSAPP_CLOUD, 500, null, bytes(error(131047, 0, "Re-engage", "")))
                .outcome())
        .isEqualTo(DeliveryOutcome.REJECTED);
  }

  @ParameterizedTest
  @CsvSource({
    "502, <html>Bad Gateway</html>, RETRYABLE",
    "429, '', RETRYABLE",
    "404, Not Found, REJECTED",
    "400, '{\"error\":{\"code\":\"x\"}}', REJECTED"
  })
  void anAnswerWithoutACodeIsJudgedByItsStatus(int status, String body, DeliveryOutcome outcome) {
    Attempt attempt = responses.answered(Provider.WHATSAPP_CLOUD, status, null, bytes(body));

    assertThat(attempt.outcome()).isEqualTo(outcome);
    assertThat(attempt.error()).isEqualTo("HTTP " + status);
  }
}
