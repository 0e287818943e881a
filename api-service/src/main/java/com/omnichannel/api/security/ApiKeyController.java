package com.omnichannel.api.security;

import com.omnichannel.api.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A company's API keys. Rotation: issue a new key, switch to it, revoke the old one. */
@RestController
class ApiKeyController {

  private final ApiKeys apiKeys;
  private final StreamTokens streamTokens;

  ApiKeyController(ApiKeys apiKeys, StreamTokens streamTokens) {
    this.apiKeys = apiKeys;
    this.streamTokens = streamTokens;
  }

  @Operation(
      summary = "Issue a token that opens one event stream",
      description =
          "For browsers, whose EventSource cannot send an Authorization header: GET"
              + " /events?token=... with it opens the company's stream once, within 60 s, and"
              + " reopens it for the browser's own reconnect (with Last-Event-ID) until"
              + " STREAM_TOKEN_RECONNECT_VALIDITY (12 h) after issue, while the key is not"
              + " revoked.")
  @PostMapping("/companies/{companyId}/stream-tokens")
  @ResponseStatus(HttpStatus.CREATED)
  StreamTokens.IssuedToken issueStreamToken(
      @AuthenticationPrincipal CompanyPrincipal company, @PathVariable long companyId) {
    company.requireOwn(companyId);
    return streamTokens.issue(company);
  }

  @Operation(summary = "List the company's API keys (prefixes only)")
  @GetMapping("/companies/{companyId}/api-keys")
  List<ApiKeys.ApiKey> list(
      @AuthenticationPrincipal CompanyPrincipal company, @PathVariable long companyId) {
    return apiKeys.of(company.requireOwn(companyId));
  }

  @Operation(summary = "Issue a new API key; the response is the only time it is shown")
  @PostMapping("/companies/{companyId}/api-keys")
  @ResponseStatus(HttpStatus.CREATED)
  ApiKeys.IssuedKey issue(
      @AuthenticationPrincipal CompanyPrincipal company, @PathVariable long companyId) {
    return apiKeys.issue(company.requireOwn(companyId));
  }

  @Operation(summary = "Revoke an API key; calls with it answer 401 from then on")
  @DeleteMapping("/companies/{companyId}/api-keys/{keyId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long companyId,
      @PathVariable long keyId) {
    if (!apiKeys.revoke(company.requireOwn(companyId), keyId)) {
      throw new ResourceNotFoundException("API key " + keyId + " not found");
    }
  }
}
