package com.omnichannel.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.testing.TestEvent;
import com.omnichannel.worker.AiProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MockReplyModelTest {

  @Test
  void replyIsDeterministicAndQuotesTheInboundText() throws Exception {
    MockReplyModel model = new MockReplyModel(delayed(Duration.ZERO));

    ModelAnswer reply = model.answer(inbound("Where is my order 42?")).get();

    assertThat(reply.text()).contains("\"Where is my order 42?\"");
    assertThat(reply.handoff()).isFalse();
    assertThat(model.answer(inbound("Where is my order 42?")).get()).isEqualTo(reply);
    assertThat(model.answer(inbound("Something else")).get()).isNotEqualTo(reply);
  }

  @Test
  void latencyDelaysEachReplyWithoutDelayingTheNext() throws Exception {
    MockReplyModel model = new MockReplyModel(delayed(Duration.ofMillis(200)));

    var first = model.answer(inbound("one"));
    var second = model.answer(inbound("two"));

    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    assertThat(first.get().text()).contains("one");
    assertThat(second.get().text()).contains("two");
  }

  private static AiProperties delayed(Duration replyDelay) {
    return new AiProperties(replyDelay, 256, "fallback");
  }

  private static MessageReceived inbound(String text) {
    return TestEvent.event().text(text).messageReceived();
  }
}
