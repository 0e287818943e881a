package com.omnichannel.api.intake;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Marks the thread of every HTTP request as intake while it serves the request, and counts the
 * requests being served.
 */
@Component
class IntakeRequests extends OncePerRequestFilter implements Ordered {

  private final AtomicInteger inFlight = new AtomicInteger();

  /** Requests being served now. */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    inFlight.incrementAndGet();
    try (Workload.Scope intake = Workload.INTAKE.enter()) {
      chain.doFilter(request, response);
    } finally {
      inFlight.decrementAndGet();
    }
  }
}
