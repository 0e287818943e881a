package com.omnichannel.api.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way this API makes a problem (RFC 9457, {@code application/problem+json}): {@code type}
 * (untyped, {@code about:blank}), {@code title} (the status's reason phrase), {@code status} and a
 * {@code detail} a person can act on. The exception handler hands these to Spring MVC; the filters,
 * which run before it, write them with {@link #write}, serialized as Spring MVC serializes them.
 */
public final class Problems {

  private static final URI UNTYPED = URI.create("about:blank");

  private static final JsonMapper JSON =
      JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

  private Problems() {}

  /** The problem of {@code status} with {@code detail}. */
  public static ProblemDetail of(HttpStatus status, String detail) {
    return conform(ProblemDetail.forStatusAndDetail(status, detail));
  }

  /** Gives a problem Spring made (an error of its own) the fields of the API's others. */
  static ProblemDetail conform(ProblemDetail problem) {
    if (problem.getType() == null) {
      problem.setType(UNTYPED);
    }
    return problem;
  }

  /** The problem as an answer that tells the client when to try again. */
  public static ResponseEntity<ProblemDetail> retryAfter(
      HttpStatus status, String detail, long retryAfterSeconds) {
    return ResponseEntity.status(status)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
        .body(of(status, detail));
  }

  /** Writes the problem from a filter. */
  public static void write(HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    write(response, status, json(status, detail), null);
  }

  /** Writes the problem from a filter, with {@code Retry-After}. */
  public static void write(
      HttpServletResponse response, HttpStatus status, String detail, long retryAfterSeconds)
      throws IOException {
    write(response, status, json(status, detail), retryAfterSeconds);
  }

  /** The JSON of a problem, for a filter that renders one it sends often beforehand. */
  static byte[] json(HttpStatus status, String detail) {
    return JSON.writeValueAsBytes(of(status, detail));
  }

  /** Writes a problem rendered beforehand with {@link #json}. */
  static void write(
      HttpServletResponse response, HttpStatus status, byte[] json, Long retryAfterSeconds)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (retryAfterSeconds != null) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
  }
}
