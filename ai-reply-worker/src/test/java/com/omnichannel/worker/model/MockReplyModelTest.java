package com.omnichannel.worker.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MockReplyModelTest {

  @Test
  void replyIsDeterministicAndQuotesTheInboundText() throws Exception {
    MockReplyModel model = new MockReplyModel(Duration.ZERO);

    String reply = model.reply("Where is my order 42?").get();

    assertThat(reply).contains("\"Where is my order 42?\"");
    assertThat(model.reply("Where is my order 42?").get()).isEqualTo(reply);
    assertThat(model.reply("Something else").get()).isNotEqualTo(reply);
  }

  @Test
  void latencyDelaysEachReplyWithoutDelayingTheNext() throws Exception {
    MockReplyModel model = new MockReplyModel(Duration.ofMillis(200));

    var first = model.reply("one");
    var second = model.reply("two");

    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    assertThat(first.get()).contains("one");
    assertThat(second.get()).contains("two");
  }
}
