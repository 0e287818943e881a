package com.omnichannel.worker.model;

import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.worker.AiProperties;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Stands in for a language model ({@code AI_MODEL=mock}, the default): the same input always gives
 * the same reply, which quotes the inbound text, after a configurable latency. Like a model
 * service, it answers many requests at once: the latency of one reply does not delay the next.
 */
@Component
@ConditionalOnProperty(name = "omni.ai.model", havingValue = "mock", matchIfMissing = true)
class MockReplyModel implements ReplyModel {

  private final Duration latency;

  MockReplyModel(AiProperties properties) {
    this.latency = properties.replyDelay();
  }

  @Override
  public CompletableFuture<ModelAnswer> answer(MessageReceived received) {
    ModelAnswer answer =
        ModelAnswer.reply(
            "Thanks for your message! You wrote: \""
                + received.text()
                + "\". An agent can take over at any time.");
    if (latency.isZero()) {
      return CompletableFuture.completedFuture(answer);
    }
    return CompletableFuture.supplyAsync(
        () -> answer, CompletableFuture.delayedExecutor(latency.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Override
  public Duration timeout() {
    return latency;
  }
}
