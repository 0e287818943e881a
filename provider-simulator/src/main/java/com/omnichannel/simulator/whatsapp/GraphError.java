package com.omnichannel.simulator.whatsapp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An error of Meta's Graph API, as its body carries it: {@code {"error": {...}}}. */
record GraphError(Error error) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * @param code Graph's error code: 190 for the access token, 100 for a parameter
   * @param fbtraceId the id Meta's support would ask for; random here
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Error(
      String message,
      String type,
      int code,
      @JsonProperty("error_data") ErrorData errorData,
      @JsonProperty("fbtrace_id") String fbtraceId) {}

  record ErrorData(@JsonProperty("messaging_product") String messagingProduct, String details) {}

  /** What Graph answers a missing, wrong or foreign access token. */
  static ResponseEntity<Object> invalidAccessToken() {
    String message = "Invalid OAuth access token - Cannot parse access token";
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(
            HttpHeaders.WWW_AUTHENTICATE,
            "OAuth \"Facebook Platform\" \"invalid_token\" \"" + message + "\"")
        .contentType(MediaType.APPLICATION_JSON)
        .body(new GraphError(new Error(message, "OAuthException", 190, null, fbtraceId())));
  }

  /** What Graph answers a send whose body misses or mistakes a parameter. */
  static ResponseEntity<Object> invalidParameter(String details) {
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            new GraphError(
                new Error(
                    "(#100) Invalid parameter",
                    "OAuthException",
                    100,
                    new ErrorData("whatsapp", details),
                    fbtraceId())));
  }

  private static String fbtraceId() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
