package com.omnichannel.api.security;

import com.github.benmanes.caffeine.cache.Ticker;
import com.omnichannel.api.ratelimit.RateLimiter;
import com.omnichannel.api.web.Problems;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Deny by default. The agent API ({@code /conversations/**}, {@code /companies/**}) needs a
 * company's API key; {@code /admin/**} and the actuator need the admin token. The webhook is
 * guarded by signatures instead; only the documentation and a status-only health are open, and the
 * actuator on a management port of its own (see {@link ManagementPort}). The open health is
 * answered from an answer at most a second old ({@link PublicHealth}).
 */
@Configuration
// Imported by the MVC test slices, which load no scanned properties records.
@EnableConfigurationProperties({AdminProperties.class, StreamTokenProperties.class})
public class SecurityConfig {

  static final String REALM = "Bearer realm=\"omni\"";

  /**
   * All that answers without a credential (besides the webhook, which checks signatures): the API
   * documentation, health (status only; details need the admin token) and error pages.
   */
  static final String[] PUBLIC_PATHS = {
    "/docs",
    "/docs/**",
    "/swagger-ui/**",
    "/v3/api-docs",
    "/v3/api-docs/**",
    "/v3/asyncapi.yaml",
    "/actuator/health",
    "/actuator/health/**",
    "/console",
    "/console/**", // the agent console's static files; its data needs a key
    "/error"
  };

  /**
   * The provider's webhooks (inbound messages, delivery statuses; the generic ones and WhatsApp's,
   * Twilio's and Telegram's own) carry no API key: their channel's signature authenticates them,
   * checked against the raw body by the webhook itself. They skip the security filter chain
   * altogether, which on this hottest path cost about a tenth of the API's CPU for nothing.
   */
  @Bean
  WebSecurityCustomizer webhookOutsideTheFilterChain() {
    return web ->
        web.ignoring()
            .requestMatchers(
                HttpMethod.POST,
                "/webhooks/inbound",
                "/webhooks/status",
                "/webhooks/whatsapp/*",
                "/webhooks/twilio/*",
                "/webhooks/twilio/*/status",
                "/webhooks/telegram/*")
            // Meta's check of the callback URL, answered with the channel's verify token.
            .requestMatchers(HttpMethod.GET, "/webhooks/whatsapp/*");
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ApiKeys apiKeys,
      StreamTokens streamTokens,
      RateLimiter rateLimiter,
      Environment environment,
      AdminProperties admin)
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
                    // An event stream's dispatches after it started were authorized when it
                    // started.
                    .dispatcherTypeMatchers(DispatcherType.ASYNC)
                    .permitAll()
                    .requestMatchers(new ManagementPort(environment)::serves)
                    .permitAll()
                    .requestMatchers(PUBLIC_PATHS)
                    .permitAll()
                    .requestMatchers("/conversations/**", "/companies/**", "/events")
                    .hasRole("COMPANY")
                    .requestMatchers("/admin/**", "/actuator/**")
                    .hasRole("ADMIN")
                    // Deny by default: a path nobody listed needs a credential, so a new endpoint
                    // is never public by accident.
                    .anyRequest()
                    .authenticated())
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(apiKeys, streamTokens, admin, rateLimiter),
            AnonymousAuthenticationFilter.class)
        // After the credentials are read: the admin's health is live, everyone else's kept.
        .addFilterAfter(new PublicHealth(Ticker.systemTicker()), ApiKeyAuthenticationFilter.class)
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
                          Problems.write(
                              response,
                              HttpStatus.UNAUTHORIZED,
                              rejected
                                  ? "The bearer token is invalid or revoked"
                                  : "Authentication required: send Authorization: Bearer <api key>");
                        })
                    .accessDeniedHandler(
                        (request, response, e) ->
                            Problems.write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "This credential may not call " + request.getRequestURI())));
    return http.build();
  }
}
