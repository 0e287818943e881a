package com.omnichannel.api.delivery;

import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.DeliveriesDue;
import com.omnichannel.kafka.BackgroundLoop;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Requests the deliveries that are due: messages just stored, retries whose wait is over, and
 * requests the gateway did not answer within their lease. It is woken when messages due at once
 * commit, and polls as a fallback. Every instance runs one; the conversation's row lock makes two
 * instances request a due message once.
 */
@Component
class DeliveryScheduler implements SmartLifecycle {

  private static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);

  private final Conversations conversations;
  private final BackgroundLoop loop;

  DeliveryScheduler(
      Conversations conversations,
      @Value("${omni.outbound.poll-interval:250ms}") Duration pollInterval) {
    this.conversations = conversations;
    this.loop =
        BackgroundLoop.named("delivery-scheduler")
            .pollInterval(pollInterval)
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

  @Override
  public void start() {
    loop.start();
  }

  /** One batch of due deliveries; a full one says more may be due. */
  private boolean requestDue() {
    return conversations.requestDueDeliveries(BATCH) == BATCH;
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }
}
