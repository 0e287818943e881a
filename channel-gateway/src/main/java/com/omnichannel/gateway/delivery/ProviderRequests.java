package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.OutboundMessageRequested;
import com.omnichannel.contracts.ProviderCredentials;
import com.omnichannel.contracts.SecretBox;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a delivery request into the request to make: for a generic channel its {@code
 * outbound_url}, as ever; for a provider's API the URL and {@code Authorization} that its sealed
 * {@link ProviderCredentials} give, opened for the request's own message only.
 */
@Component
class ProviderRequests {

  static final String JSON = "application/json";

  private final SecretBox secrets;
  private final JsonMapper json;

  ProviderRequests(SecretBox secrets, JsonMapper json) {
    this.secrets = secrets;
    this.json = json;
  }

  /**
   * The request {@code event} asks for.
   *
   * @throws UnsendableRequest when it names an unknown provider, or a provider's request has
   *     credentials that are missing, do not open or do not read
   */
  ProviderRequest of(OutboundMessageRequested event) {
    Provider provider;
    try {
      provider = Provider.of(event.provider());
    } catch (IllegalArgumentException e) {
      throw new UnsendableRequest(e.getMessage());
    }
    if (!provider.needsCredentials()) {
      return new ProviderRequest(provider, event.outboundUrl(), JSON, null, event);
    }
    ProviderCredentials credentials = credentials(provider, event);
    return new ProviderRequest(
        provider,
        present(credentials.url()) ? credentials.url() : event.outboundUrl(),
        present(event.contentType()) ? event.contentType() : JSON,
        present(credentials.authorization()) ? credentials.authorization() : null,
        event);
  }

  private ProviderCredentials credentials(Provider provider, OutboundMessageRequested event) {
    if (!present(event.sealedCredentials())) {
      throw new UnsendableRequest(
          "a " + provider.spelling() + " request needs credentials, and this one has none");
    }
    String opened;
    try {
      opened =
          secrets.open(event.sealedCredentials(), ProviderCredentials.context(event.messageId()));
    } catch (IllegalArgumentException e) {
      throw new UnsendableRequest(
          "the request's credentials do not open: sealed under another OMNI_SECRETS_KEY, changed,"
              + " or sealed for another message");
    }
    try {
      ProviderCredentials credentials = json.readValue(opened, ProviderCredentials.class);
      if (credentials == null) {
        throw new UnsendableRequest("the request's credentials are empty");
      }
      return credentials;
    } catch (JacksonException e) {
      throw new UnsendableRequest("the request's credentials are not readable");
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
