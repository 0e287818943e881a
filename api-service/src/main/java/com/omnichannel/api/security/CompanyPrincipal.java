package com.omnichannel.api.security;

import com.omnichannel.api.web.ResourceNotFoundException;

/**
 * The company an API key belongs to: every agent API call acts for exactly one company.
 *
 * @param apiKeyId the key that authenticated the call, for audit (rate limits are per company)
 */
public record CompanyPrincipal(long companyId, long apiKeyId) {

  /** Whether the caller may see {@code otherCompanyId}'s resources. */
  public boolean owns(long otherCompanyId) {
    return companyId == otherCompanyId;
  }

  /**
   * {@code companyIdInPath} when it is the caller's company; another company is answered like one
   * that does not exist.
   */
  public long requireOwn(long companyIdInPath) {
    if (!owns(companyIdInPath)) {
      throw new ResourceNotFoundException("Company " + companyIdInPath + " not found");
    }
    return companyIdInPath;
  }
}
