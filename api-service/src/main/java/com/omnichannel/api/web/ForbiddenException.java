package com.omnichannel.api.web;

/**
 * The request proves nothing, in a scheme whose provider expects {@code 403} rather than {@code
 * 401} (Twilio's signatures, Meta's subscription check): 403, and nothing is stored.
 */
public class ForbiddenException extends RuntimeException {

  public ForbiddenException(String detail) {
    super(detail);
  }
}
