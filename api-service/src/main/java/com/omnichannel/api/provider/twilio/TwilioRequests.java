package com.omnichannel.api.provider.twilio;

import com.omnichannel.api.company.Provider;
import com.omnichannel.api.company.ProviderConfig;
import com.omnichannel.api.company.ProviderProperties;
import com.omnichannel.api.conversation.OutboundMessage;
import com.omnichannel.api.delivery.ProviderRequest;
import com.omnichannel.api.delivery.ProviderRequests;
import com.omnichannel.contracts.ProviderCredentials;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A message as Twilio's Messages resource takes it: a form posted to {@code
 * {api_base_url}/2010-04-01/Accounts/{account_sid}/Messages.json} with HTTP basic auth, asking for
 * status callbacks at this API's public URL when one is set.
 */
@Component
class TwilioRequests implements ProviderRequests {

  static final String FORM = "application/x-www-form-urlencoded";

  private final String publicBaseUrl;

  TwilioRequests(ProviderProperties properties) {
    this.publicBaseUrl = properties.baseUrl();
  }

  @Override
  public Provider provider() {
    return Provider.TWILIO;
  }

  @Override
  public ProviderRequest render(OutboundMessage message) {
    var account = message.channel().config(ProviderConfig.Twilio.class);
    boolean whatsapp = "whatsapp".equals(message.channel().type());
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", (whatsapp ? "whatsapp:" : "") + message.to());
    if (account.messagingServiceSid() != null) {
      form.put("MessagingServiceSid", account.messagingServiceSid());
    } else {
      form.put("From", account.from());
    }
    form.put("Body", message.text());
    if (publicBaseUrl != null) {
      form.put(
          "StatusCallback",
          publicBaseUrl + "/webhooks/twilio/" + message.channel().id() + "/status");
    }
    String credentials = account.accountSid() + ":" + account.authToken();
    return new ProviderRequest(
        account.apiBaseUrl() + "/2010-04-01/Accounts/" + account.accountSid() + "/Messages.json",
        FORM,
        encoded(form),
        new ProviderCredentials(
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)),
            null));
  }

  private static String encoded(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            field ->
                URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
