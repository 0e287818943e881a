package com.omnichannel.worker.reply;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Stands in for a language model: the same input always gives the same reply, which quotes the
 * inbound text, after a configurable delay that simulates the model's latency.
 */
@Component
class MockReplyModel {

  private final Duration latency;

  MockReplyModel(@Value("${omni.ai.reply-delay:0ms}") Duration latency) {
    this.latency = latency;
  }

  String reply(String inboundText) throws InterruptedException {
    if (!latency.isZero()) {
      Thread.sleep(latency.toMillis());
    }
    return "Thanks for your message! You wrote: \""
        + inboundText
        + "\". An agent can take over at any time.";
  }
}
