package com.omnichannel.api.stream;

import com.omnichannel.api.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A stream refused because its company or the instance holds as many as it may: a problem with
 * {@code Retry-After}. Spring MVC's own handling of {@link ErrorResponseException} writes it, so
 * the API's exception handler needs nothing of the stream feature.
 */
final class StreamRefusedException extends ErrorResponseException {

  StreamRefusedException(HttpStatus status, String detail, long retryAfterSeconds) {
    super(status, Problems.of(status, detail), null);
    getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
  }
}
