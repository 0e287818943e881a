package com.omnichannel.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The health that anyone may ask for ({@code /actuator/health} and its groups, status only) is
 * worked out at most once per {@link #INTERVAL} and path, whoever asks how often: each answer asks
 * the database (and the whole health, Kafka), which a stream of anonymous requests must not be able
 * to keep busy. Callers that come while it is worked out wait for that answer. The admin token's
 * caller sees live details, as before; probes get an answer at most {@link #INTERVAL} old.
 */
class PublicHealth extends OncePerRequestFilter {

  static final Duration INTERVAL = Duration.ofSeconds(1);

  private static final String HEALTH = "/actuator/health";

  /** A health answer: the status (200 or 503) and the body that says it. */
  private record Answer(int status, String contentType, byte[] body) {}

  /** Keyed by path, of which the actuator has a handful (junk paths answer 404, not kept). */
  private final Cache<String, Answer> answers;

  /** One answer is worked out at a time (a lock, not a monitor: the threads are virtual). */
  private final ReentrantLock working = new ReentrantLock();

  PublicHealth(Ticker ticker) {
    this.answers =
        Caffeine.newBuilder().ticker(ticker).maximumSize(64).expireAfterWrite(INTERVAL).build();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !"GET".equals(request.getMethod())
        || !(path.equals(HEALTH) || path.startsWith(HEALTH + "/"))
        || isAdmin();
  }

  private static boolean isAdmin() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null
        && authentication.getAuthorities().stream()
            .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI();
    Answer answer = answers.getIfPresent(path);
    if (answer == null) {
      working.lock();
      try {
        answer = answers.getIfPresent(path);
        if (answer == null) {
          workOut(path, request, response, chain);
          return;
        }
      } finally {
        working.unlock();
      }
    }
    response.setStatus(answer.status());
    response.setContentType(answer.contentType());
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }

  private void workOut(
      String path, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var capture = new ContentCachingResponseWrapper(response);
    chain.doFilter(request, capture);
    int status = capture.getStatus();
    if (status == HttpServletResponse.SC_OK
        || status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
      answers.put(
          path, new Answer(status, capture.getContentType(), capture.getContentAsByteArray()));
    }
    capture.copyBodyToResponse();
  }
}
