package com.omnichannel.api.security;

/**
 * The company an API key belongs to: every agent API call acts for exactly one company.
 *
 * @param apiKeyId the key that authenticated the call, for rate limiting and audit
 */
public record CompanyPrincipal(long companyId, long apiKeyId) {

  /** Whether the caller may see {@code otherCompanyId}'s resources. */
  public boolean owns(long otherCompanyId) {
    return companyId == otherCompanyId;
  }
}
