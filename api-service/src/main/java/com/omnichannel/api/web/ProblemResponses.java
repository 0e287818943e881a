package com.omnichannel.api.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Problem details written by filters, which run before Spring MVC's exception handling. */
public final class ProblemResponses {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemResponses() {}

  public static void write(
      HttpServletResponse response, HttpStatus status, String detail, Long retryAfter)
      throws IOException {
    write(response, status, body(status, detail), retryAfter);
  }

  /** Writes a problem rendered beforehand with {@link #body}. */
  public static void write(
      HttpServletResponse response, HttpStatus status, byte[] body, Long retryAfter)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (retryAfter != null) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The JSON of a problem. */
  public static byte[] body(HttpStatus status, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", status.getReasonPhrase());
    problem.put("status", status.value());
    problem.put("detail", detail);
    return JSON.writeValueAsBytes(problem);
  }
}
