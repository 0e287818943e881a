package com.omnichannel.api.security;

import com.omnichannel.api.ratelimit.RateLimitExceededException;
import com.omnichannel.api.ratelimit.RateLimiter;
import com.omnichannel.api.web.DatabaseUnavailable;
import com.omnichannel.api.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <token>}: the admin token on {@code /admin/**} and {@code
 * /actuator/**}, a company's API key everywhere else. A valid key authenticates the call as its
 * company, within its company's rate limit. {@code GET /events?token=...} without a header is
 * authenticated by a stream token instead: once, and again for the browser's own reconnect (with
 * {@code Last-Event-ID}) within the token's reconnect window. Anything else leaves the call
 * anonymous, and the protected paths then answer 401; when this instance is past its budget of
 * look-ups of unknown credentials (the caller's address's, or all addresses' together), a
 * credential it would have to look up is answered 429 unchecked. The address is the servlet
 * container's remote address: the peer's, or the client's as a trusted proxy forwarded it where
 * {@code server.forward-headers-strategy} says so.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  static final String CREDENTIALS_REJECTED =
      ApiKeyAuthenticationFilter.class.getName() + ".rejected";
  private static final String BEARER = "Bearer ";
  private static final String EVENTS = "/events";
  private static final String STREAM_TOKEN = "token";
  private static final String LAST_EVENT_ID = "Last-Event-ID";

  private final ApiKeys apiKeys;
  private final StreamTokens streamTokens;
  private final byte[] adminToken;
  private final RateLimiter rateLimiter;

  ApiKeyAuthenticationFilter(
      ApiKeys apiKeys, StreamTokens streamTokens, AdminProperties admin, RateLimiter rateLimiter) {
    this.apiKeys = apiKeys;
    this.streamTokens = streamTokens;
    this.adminToken =
        admin.hasAdminToken() ? admin.adminToken().getBytes(StandardCharsets.UTF_8) : null;
    this.rateLimiter = rateLimiter;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    String streamToken =
        header == null && EVENTS.equals(request.getRequestURI())
            ? request.getParameter(STREAM_TOKEN)
            : null;
    if (streamToken != null) {
      Optional<CompanyPrincipal> principal;
      try {
        principal =
            streamTokens.redeem(
                streamToken, request.getRemoteAddr(), request.getHeader(LAST_EVENT_ID) != null);
      } catch (RateLimitExceededException e) {
        writeTooManyLookups(response, e);
        return;
      } catch (DataAccessException | TransactionException e) {
        if (!DatabaseUnavailable.is(e)) {
          throw e;
        }
        DatabaseUnavailable.write(response);
        return;
      }
      principal.ifPresentOrElse(
          company -> authenticate(company, "ROLE_COMPANY"),
          () -> request.setAttribute(CREDENTIALS_REJECTED, true));
    }
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = header.substring(BEARER.length()).strip();
      if (needsAdminToken(request.getRequestURI())) {
        authenticateAdmin(request, token);
      } else {
        CompanyPrincipal principal;
        try {
          principal = apiKeys.authenticate(token, request.getRemoteAddr()).orElse(null);
        } catch (RateLimitExceededException e) {
          writeTooManyLookups(response, e);
          return;
        } catch (DataAccessException | TransactionException e) {
          // The key cannot be checked. This runs before Spring MVC's exception handling, so it
          // answers as that would.
          if (!DatabaseUnavailable.is(e)) {
            throw e;
          }
          DatabaseUnavailable.write(response);
          return;
        }
        if (principal == null) {
          request.setAttribute(CREDENTIALS_REJECTED, true);
        } else {
          OptionalLong wait = rateLimiter.tryApiCall(principal.companyId());
          if (wait.isPresent()) {
            Problems.write(
                response,
                HttpStatus.TOO_MANY_REQUESTS,
                "Rate limit of this company's API calls exceeded; retry after "
                    + wait.getAsLong()
                    + " s",
                wait.getAsLong());
            return;
          }
          authenticate(principal, "ROLE_COMPANY");
        }
      }
    }
    chain.doFilter(request, response);
  }

  private static void writeTooManyLookups(
      HttpServletResponse response, RateLimitExceededException e) throws IOException {
    Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfterSeconds());
  }

  /** The admin API and the actuator (metrics, health details) take the admin token. */
  static boolean needsAdminToken(String path) {
    return path.startsWith("/admin/") || path.startsWith("/actuator/");
  }

  private void authenticateAdmin(HttpServletRequest request, String token) {
    if (adminToken != null
        && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
      authenticate("admin", "ROLE_ADMIN");
    } else {
      request.setAttribute(CREDENTIALS_REJECTED, true);
    }
  }

  private static void authenticate(Object principal, String role) {
    var authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            principal, null, List.of(new SimpleGrantedAuthority(role)));
    SecurityContextHolder.getContext().setAuthentication(authentication);
  }
}
