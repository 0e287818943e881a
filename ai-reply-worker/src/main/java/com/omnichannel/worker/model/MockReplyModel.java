package com.omnichannel.worker.reply;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Stands in for a language model: the same input always gives the same reply, which quotes the
 * inbound text, after a configurable latency. Like a model service, it answers many requests at
 * once: the latency of one reply does not delay the next.
 */
@Component
class MockReplyModel {

  private final Duration latency;

  MockReplyModel(@Value("${omni.ai.reply-delay:0ms}") Duration latency) {
    this.latency = latency;
  }

  CompletableFuture<String> reply(String inboundText) {
    String text =
        "Thanks for your message! You wrote: \""
            + inboundText
            + "\". An agent can take over at any time.";
    if (latency.isZero()) {
      return CompletableFuture.completedFuture(text);
    }
    return CompletableFuture.supplyAsync(
        () -> text, CompletableFuture.delayedExecutor(latency.toMillis(), TimeUnit.MILLISECONDS));
  }
}
