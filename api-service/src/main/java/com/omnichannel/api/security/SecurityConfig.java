package com.omnichannel.api.security;

import com.omnichannel.api.ratelimit.RateLimiter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The agent API ({@code /conversations/**}, {@code /companies/**}) needs a company's API key;
 * {@code /admin/**} needs the admin token. The webhook is guarded by signatures instead, and the
 * documentation and health stay open.
 */
@Configuration
public class SecurityConfig {

  static final String REALM = "Bearer realm=\"omni\"";

  /**
   * The provider's webhook carries no API key: its channel's signature authenticates it, checked
   * against the raw body by the webhook itself. It skips the security filter chain altogether,
   * which on this hottest path cost about a tenth of the API's CPU for nothing.
   */
  @Bean
  WebSecurityCustomizer webhookOutsideTheFilterChain() {
    return web -> web.ignoring().requestMatchers(HttpMethod.POST, "/webhooks/inbound");
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ApiKeys apiKeys,
      RateLimiter rateLimiter,
      @Value("${omni.admin-token:}") String adminToken)
      throws Exception {
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/conversations/**", "/companies/**")
                    .hasRole("COMPANY")
                    .requestMatchers("/admin/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .permitAll())
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(apiKeys, adminToken, rateLimiter),
            AnonymousAuthenticationFilter.class)
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(
                        (request, response, e) -> {
                          boolean rejected =
                              request.getAttribute(ApiKeyAuthenticationFilter.CREDENTIALS_REJECTED)
                                  != null;
                          response.setHeader(
                              "WWW-Authenticate",
                              rejected ? REALM + ", error=\"invalid_token\"" : REALM);
                          ProblemResponses.write(
                              response,
                              HttpStatus.UNAUTHORIZED,
                              rejected
                                  ? "The bearer token is invalid or revoked"
                                  : "Authentication required: send Authorization: Bearer <api key>",
                              null);
                        })
                    .accessDeniedHandler(
                        (request, response, e) ->
                            ProblemResponses.write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "This credential may not call " + request.getRequestURI(),
                                null)));
    return http.build();
  }
}
