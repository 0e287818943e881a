package com.omnichannel.api.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What a request answers when the database cannot serve it: unreachable, no pool connection in
 * time, a connection that broke mid-request, or a transient conflict. The client may retry, and
 * nothing was stored (the transaction did not commit). One decision for the controllers' exception
 * handler and for the filters that run before it.
 */
public final class DatabaseUnavailable {

  static final String DETAIL = "The service is temporarily unavailable; retry later";
  static final long RETRY_AFTER_SECONDS = 1;

  private DatabaseUnavailable() {}

  /** Whether {@code failure} means the database could not serve the request. */
  public static boolean is(Throwable failure) {
    return failure instanceof DataAccessResourceFailureException
        || failure instanceof RecoverableDataAccessException
        || failure instanceof TransientDataAccessException
        || failure instanceof CannotCreateTransactionException;
  }

  /** Writes the 503 problem, with {@code Retry-After}, from a filter. */
  public static void write(HttpServletResponse response) throws IOException {
    Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, DETAIL, RETRY_AFTER_SECONDS);
  }
}
