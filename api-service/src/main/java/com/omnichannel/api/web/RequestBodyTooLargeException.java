package com.omnichannel.api.web;

import java.io.IOException;

/** The request body is over the configured limit: 413, and nothing is read further. */
class RequestBodyTooLargeException extends IOException {

  RequestBodyTooLargeException(long limit) {
    super("The request body is larger than " + limit + " bytes");
  }
}
