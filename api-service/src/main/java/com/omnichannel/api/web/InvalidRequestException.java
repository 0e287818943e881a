package com.omnichannel.api.web;

/** A well-formed request that names something it may not use: 400. */
public class InvalidRequestException extends RuntimeException {

  public InvalidRequestException(String detail) {
    super(detail);
  }
}
