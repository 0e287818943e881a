package com.omnichannel.api.delivery;

import com.omnichannel.api.company.OutboundProperties;
import com.omnichannel.api.conversation.DeliveriesDue;
import com.omnichannel.kafka.BackgroundLoop;
import com.omnichannel.kafka.RunsInBackground;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Requests the deliveries that are due: messages just stored, retries whose wait is over, and
 * requests the gateway did not answer within their lease. It is woken when messages due at once
 * commit, and polls as a fallback. Every instance runs one; the conversation's row lock makes two
 * instances request a due message once.
 */
@Component
class DeliveryScheduler implements RunsInBackground {

  private static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);

  private final Deliveries deliveries;
  private final BackgroundLoop loop;

  DeliveryScheduler(Deliveries deliveries, OutboundProperties properties) {
    this.deliveries = deliveries;
    this.loop =
        BackgroundLoop.named("delivery-scheduler")
            .pollInterval(properties.pollInterval())
            .roundSpacing(properties.roundSpacing())
            .onFailure(
                (failure, retryIn) ->
                    log.warn(
                        "Requesting due deliveries failed, trying again shortly: {}",
                        failure.toString()))
            .rounds(this::requestDue);
  }

  @TransactionalEventListener
  void onDeliveriesDue(DeliveriesDue due) {
    loop.wake();
  }

  /** One batch of due deliveries; a full one says more may be due. */
  private boolean requestDue() {
    return deliveries.requestDue(BATCH) == BATCH;
  }

  @Override
  public BackgroundLoop loop() {
    return loop;
  }
}
