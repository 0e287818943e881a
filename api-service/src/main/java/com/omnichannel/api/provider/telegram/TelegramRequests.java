package com.omnichannel.api.provider.telegram;

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
 * A message as the Bot API's sendMessage takes it: {@code POST
 * {api_base_url}/bot{bot_token}/sendMessage}. The token is in the path, so the URL itself travels
 * sealed; the one logs show has {@value #TOKEN_PLACEHOLDER} in its place.
 */
@Component
class TelegramRequests implements ProviderRequests {

  static final String TOKEN_PLACEHOLDER = "***";

  private final JsonMapper json;

  TelegramRequests(JsonMapper json) {
    this.json = json;
  }

  @Override
  public Provider provider() {
    return Provider.TELEGRAM;
  }

  @Override
  public ProviderRequest render(OutboundMessage message) {
    var bot = message.channel().config(ProviderConfig.Telegram.class);
    String body =
        json.writeValueAsString(
            Map.of("chat_id", Long.parseLong(message.to()), "text", message.text()));
    return new ProviderRequest(
        url(bot.apiBaseUrl(), TOKEN_PLACEHOLDER),
        "application/json",
        body,
        new ProviderCredentials(null, url(bot.apiBaseUrl(), bot.botToken())));
  }

  private static String url(String apiBaseUrl, String token) {
    return apiBaseUrl + "/bot" + token + "/sendMessage";
  }
}
