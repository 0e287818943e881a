package com.omnichannel.simulator.delivery;

import com.omnichannel.simulator.SimulatorProperties;
import com.omnichannel.simulator.callback.Callback;
import com.omnichannel.simulator.callback.CallbackPoster;
import com.omnichannel.simulator.callback.Webhook;
import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the API what became of a delivery to the generic endpoint, as a provider's status webhooks
 * do: 'delivered' a while after it was taken, 'read' a while after that, to {@code
 * /webhooks/status}, signed when the channel has a secret.
 */
@Component
class StatusCallbacks {

  static final List<String> STATUSES = List.of("delivered", "read");

  private final URI statusUrl;
  private final ChannelSecrets secrets;
  private final JsonMapper json;
  private final CallbackPoster poster;

  StatusCallbacks(
      SimulatorProperties properties,
      ChannelSecrets secrets,
      JsonMapper json,
      CallbackPoster poster) {
    String base = properties.apiUrl().toString().replaceAll("/+$", "");
    this.statusUrl = URI.create(base + "/webhooks/status");
    this.secrets = secrets;
    this.json = json;
    this.poster = poster;
  }

  /** Posts 'delivered', then 'read', each after the status delay. */
  void schedule(Received received) {
    poster.postInTurn(
        STATUSES.stream()
            .map(
                status ->
                    new Callback(
                        "'"
                            + status
                            + "' of message "
                            + received.delivery().messageId()
                            + " ("
                            + received.providerMessageId()
                            + ")",
                        () -> request(received, status),
                        () -> received.statusesPosted().add(status)))
            .toList());
  }

  private Webhook request(Received received, String status) {
    Delivery delivery = received.delivery();
    byte[] body =
        json.writeValueAsBytes(
            new StatusUpdate(
                delivery.companyId(),
                delivery.channelId(),
                delivery.messageId(),
                received.providerMessageId(),
                status));
    Webhook.Builder request = Webhook.post(statusUrl, "application/json", body);
    secrets
        .of(delivery.channelId())
        .ifPresent(secret -> request.header(Signature.HEADER, Signature.of(secret, body)));
    if (received.correlationId() != null) {
      request.header(DeliveryController.CORRELATION_HEADER, received.correlationId());
    }
    return request.build();
  }
}
