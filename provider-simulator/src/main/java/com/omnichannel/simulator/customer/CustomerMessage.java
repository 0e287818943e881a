package com.omnichannel.simulator.customer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a simulated customer writes, {@code POST /customers/{provider}/{channel_id}}.
 *
 * @param from who writes: a phone number ({@code +15551234567}; for Twilio's WhatsApp numbers
 *     {@code whatsapp:+15551234567}), or for Telegram the user's numeric id
 * @param name the name their app shows; optional
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomerMessage(
    @JsonProperty("from") String from,
    @JsonProperty("name") String name,
    @JsonProperty("text") String text) {

  /** What is missing, for a 400; null when nothing is. */
  public String problem() {
    if (from == null || from.isBlank()) {
      return "from is required";
    }
    if (text == null || text.isBlank()) {
      return "text is required";
    }
    return null;
  }

  /** The name to show, or {@code fallback} when none was given. */
  public String nameOr(String fallback) {
    return name == null || name.isBlank() ? fallback : name;
  }
}
