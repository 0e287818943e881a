package com.omnichannel.api.company;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How providers reach this API ({@code omni.providers.*}).
 *
 * @param publicBaseUrl the URL providers call this API at ({@code OMNI_PUBLIC_BASE_URL}), without a
 *     trailing slash; empty when requests' own URLs are to be trusted
 */
@ConfigurationProperties("omni.providers")
public record ProviderProperties(String publicBaseUrl) {

  public ProviderProperties {
    publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
  }

  /** The public base URL; null when none is set. */
  public String baseUrl() {
    return publicBaseUrl.isEmpty() ? null : publicBaseUrl;
  }
}
