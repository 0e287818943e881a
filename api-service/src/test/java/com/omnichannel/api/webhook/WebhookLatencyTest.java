package com.omnichannel.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which webhook a request is, and what became of it, as the latency timer tags them. */
class WebhookLatencyTest {

  @Test
  void eachProvidersOwnWebhookIsMeasuredApart() {
    assertThat(WebhookLatency.webhook("/webhooks/inbound")).isEqualTo("inbound");
    assertThat(WebhookLatency.webhook("/webhooks/status")).isEqualTo("status");
    assertThat(WebhookLatency.webhook("/webhooks/whatsapp/3")).isEqualTo("whatsapp");
    assertThat(WebhookLatency.webhook("/webhooks/twilio/4")).isEqualTo("twilio");
    assertThat(WebhookLatency.webhook("/webhooks/twilio/4/status")).isEqualTo("twilio_status");
    assertThat(WebhookLatency.webhook("/webhooks/telegram/5")).isEqualTo("telegram");
  }

  /** Only the generic inbound webhook tells a retry (200) from a new message (201). */
  @Test
  void aProvidersOwnWebhookAnswered200IsStored() {
    assertThat(WebhookLatency.outcome("inbound", 201)).isEqualTo("stored");
    assertThat(WebhookLatency.outcome("inbound", 200)).isEqualTo("duplicate");
    assertThat(WebhookLatency.outcome("status", 200)).isEqualTo("stored");
    assertThat(WebhookLatency.outcome("whatsapp", 200)).isEqualTo("stored");
    assertThat(WebhookLatency.outcome("twilio_status", 200)).isEqualTo("stored");
    assertThat(WebhookLatency.outcome("telegram", 401)).isEqualTo("rejected");
    assertThat(WebhookLatency.outcome("twilio", 503)).isEqualTo("refused");
  }
}
