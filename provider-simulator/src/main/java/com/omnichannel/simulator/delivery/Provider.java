package com.omnichannel.simulator.delivery;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whose API a send came in through; spelt as the API and the gateway spell providers. */
public enum Provider {
  GENERIC("generic"),
  WHATSAPP_CLOUD("whatsapp_cloud"),
  TWILIO("twilio"),
  TELEGRAM("telegram");

  private final String spelling;

  Provider(String spelling) {
    this.spelling = spelling;
  }

  @JsonValue
  public String spelling() {
    return spelling;
  }
}
