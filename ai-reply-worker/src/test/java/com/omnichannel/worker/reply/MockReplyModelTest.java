package com.omnichannel.worker.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MockReplyModelTest {

  @Test
  void replyIsDeterministicAndQuotesTheInboundText() throws Exception {
    MockReplyModel model = new MockReplyModel(Duration.ZERO);

    String reply = model.reply("Where is my order 42?");

    assertThat(reply).contains("\"Where is my order 42?\"");
    assertThat(model.reply("Where is my order 42?")).isEqualTo(reply);
    assertThat(model.reply("Something else")).isNotEqualTo(reply);
  }
}
