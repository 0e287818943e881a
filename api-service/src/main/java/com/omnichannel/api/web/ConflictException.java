package com.omnichannel.api.web;

/** The request does not fit the resource's current state: 409. */
public class ConflictException extends RuntimeException {

  public ConflictException(String detail) {
    super(detail);
  }
}
