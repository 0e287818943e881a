package com.omnichannel.simulator.twilio;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An error of Twilio's REST API, as its JSON body carries it. */
record TwilioError(
    @JsonProperty("code") int code,
    @JsonProperty("message") String message,
    @JsonProperty("more_info") String moreInfo,
    @JsonProperty("status") int status) {

  /** Twilio's answer to missing or wrong basic credentials, or an account SID not theirs. */
  static ResponseEntity<Object> authenticate() {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Twilio API\"")
        .contentType(MediaType.APPLICATION_JSON)
        .body(of(20003, "Authenticate", HttpStatus.UNAUTHORIZED));
  }

  /** A send Twilio refuses for its parameters, with the code of Twilio's that says why. */
  static ResponseEntity<Object> badRequest(int code, String message) {
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_JSON)
        .body(of(code, message, HttpStatus.BAD_REQUEST));
  }

  private static TwilioError of(int code, String message, HttpStatus status) {
    return new TwilioError(
        code, message, "https://www.twilio.com/docs/errors/" + code, status.value());
  }
}
