package com.omnichannel.api.web;

import com.omnichannel.api.ratelimit.RateLimitExceededException;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every failure into RFC 9457 problem details whose {@code detail} a person can act on.
 * Nothing internal (stack traces, SQL) ever reaches the client.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ResourceNotFoundException.class)
  ProblemDetail notFound(ResourceNotFoundException e) {
    return Problems.of(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ProblemDetail conflict(ConflictException e) {
    return Problems.of(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(InvalidRequestException.class)
  ProblemDetail invalid(InvalidRequestException e) {
    return Problems.of(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(RequestBodyTooLargeException.class)
  ProblemDetail tooLarge(RequestBodyTooLargeException e) {
    return Problems.of(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(UnauthenticatedException.class)
  ResponseEntity<ProblemDetail> unauthenticated(UnauthenticatedException e) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, e.challenge())
        .body(Problems.of(HttpStatus.UNAUTHORIZED, e.getMessage()));
  }

  @ExceptionHandler(ForbiddenException.class)
  ProblemDetail forbidden(ForbiddenException e) {
    return Problems.of(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(RateLimitExceededException.class)
  ResponseEntity<ProblemDetail> rateLimited(RateLimitExceededException e) {
    return Problems.retryAfter(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfterSeconds());
  }

  @ExceptionHandler(ServiceUnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(ServiceUnavailableException e) {
    return Problems.retryAfter(
        HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), e.retryAfterSeconds());
  }

  /** A body read by hand (the webhook reads its raw bytes to check signatures). */
  @ExceptionHandler(JacksonException.class)
  ProblemDetail unreadableJson(JacksonException e) {
    return Problems.of(HttpStatus.BAD_REQUEST, describeUnreadable(e));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return Problems.of(
        HttpStatus.BAD_REQUEST, e.getName() + " must be a number, got '" + e.getValue() + "'");
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ProblemDetail constraintViolation(ConstraintViolationException e) {
    String detail =
        e.getConstraintViolations().stream()
            .map(v -> lastNode(v.getPropertyPath().toString()) + " " + v.getMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    return Problems.of(HttpStatus.BAD_REQUEST, detail);
  }

  /** The database could not serve the request (see {@link DatabaseUnavailable}); else a 500. */
  @ExceptionHandler({DataAccessException.class, TransactionException.class})
  ResponseEntity<ProblemDetail> databaseFailure(RuntimeException e) {
    if (!DatabaseUnavailable.is(e)) {
      return ResponseEntity.internalServerError().body(unexpected(e));
    }
    log.warn("Database unavailable: {}", e.getMessage());
    return Problems.retryAfter(
        HttpStatus.SERVICE_UNAVAILABLE,
        DatabaseUnavailable.DETAIL,
        DatabaseUnavailable.RETRY_AFTER_SECONDS);
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    log.error("Unexpected error", e);
    return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred");
  }

  /** Spring MVC's own problems (405, 415, ...) read as the API's others. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem) {
      Problems.conform(problem);
    }
    return super.createResponseEntity(body, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        e.getBindingResult().getFieldErrors().stream()
            .map(error -> snakeCase(error.getField()) + " " + error.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, detail);
    return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        e.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                result.getMethodParameter().getParameterName()
                                    + " "
                                    + error.getDefaultMessage()))
            .sorted()
            .collect(Collectors.joining("; "));
    ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, detail);
    return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (findCause(e, RequestBodyTooLargeException.class)
        instanceof RequestBodyTooLargeException t) {
      return handleExceptionInternal(
          e, tooLarge(t), headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }
    ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, describeUnreadable(e));
    return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  private static String describeUnreadable(Exception e) {
    if (findCause(e, MismatchedInputException.class) instanceof MismatchedInputException m
        && !m.getPath().isEmpty()) {
      String field =
          m.getPath().stream()
              .map(
                  ref ->
                      ref.getPropertyName() != null
                          ? ref.getPropertyName()
                          : "[" + ref.getIndex() + "]")
              .collect(Collectors.joining("."));
      String expected =
          m instanceof InvalidFormatException f && f.getTargetType() != null
              ? f.getTargetType().getSimpleName()
              : m.getTargetType() != null ? m.getTargetType().getSimpleName() : "another type";
      return field + " has the wrong type; expected " + describeType(expected);
    }
    return "The request body is not valid JSON";
  }

  private static String describeType(String simpleName) {
    return switch (simpleName) {
      case "Long", "long", "Integer", "int" -> "a number";
      case "String" -> "a string";
      default -> simpleName;
    };
  }

  private static Throwable findCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static String lastNode(String path) {
    return snakeCase(path.substring(path.lastIndexOf('.') + 1));
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
