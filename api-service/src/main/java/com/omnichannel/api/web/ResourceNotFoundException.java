package com.omnichannel.api.web;

/**
 * A resource does not exist, or belongs to another company, which is answered the same way: 404.
 */
public class ResourceNotFoundException extends RuntimeException {

  public ResourceNotFoundException(String detail) {
    super(detail);
  }
}
