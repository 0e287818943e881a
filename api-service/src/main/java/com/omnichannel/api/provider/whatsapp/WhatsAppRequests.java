package com.omnichannel.api.provider.whatsapp;

import com.omnichannel.api.company.Provider;
import com.omnichannel.api.company.ProviderConfig;
import com.omnichannel.api.conversation.OutboundMessage;
import com.omnichannel.api.delivery.ProviderRequest;
import com.omnichannel.api.delivery.ProviderRequests;
import com.omnichannel.contracts.ProviderCredentials;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message as the WhatsApp Cloud API's send takes it: {@code POST
 * {api_base_url}/{phone_number_id}/messages} with the access token as a bearer token.
 */
@Component
class WhatsAppRequests implements ProviderRequests {

  static final String JSON = "application/json";

  private final JsonMapper json;

  WhatsAppRequests(JsonMapper json) {
    this.json = json;
  }

  @Override
  public Provider provider() {
    return Provider.WHATSAPP_CLOUD;
  }

  @Override
  public ProviderRequest render(OutboundMessage message) {
    var account = message.channel().config(ProviderConfig.WhatsAppCloud.class);
    // Meta's wa_id is the number's digits, without the plus.
    String to = message.to().startsWith("+") ? message.to().substring(1) : message.to();
    String body =
        json.writeValueAsString(
            Map.of(
                "messaging_product", "whatsapp",
                "recipient_type", "individual",
                "to", to,
                "type", "text",
                "text", Map.of("body", message.text())));
    return new ProviderRequest(
        account.apiBaseUrl() + "/" + account.phoneNumberId() + "/messages",
        JSON,
        body,
        new ProviderCredentials("Bearer " + account.accessToken(), null));
  }
}
