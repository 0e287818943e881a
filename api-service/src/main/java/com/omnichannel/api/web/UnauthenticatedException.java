package com.omnichannel.api.web;

/** The request does not prove who sent it: 401, and nothing is stored. */
public class UnauthenticatedException extends RuntimeException {

  private final String challenge;

  /**
   * @param challenge the {@code WWW-Authenticate} value telling the client how to authenticate
   */
  public UnauthenticatedException(String detail, String challenge) {
    super(detail);
    this.challenge = challenge;
  }

  public String challenge() {
    return challenge;
  }
}
