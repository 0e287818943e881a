package com.omnichannel.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConversationTurnTest {

  @Test
  void keepsTheTwentyMostRecentOldestFirst() {
    List<ConversationTurn> newestFirst =
        IntStream.rangeClosed(1, 30)
            .map(i -> 31 - i)
            .mapToObj(i -> new ConversationTurn("contact", "message " + i))
            .toList();

    List<ConversationTurn> kept = ConversationTurn.lastFitting(newestFirst);

    assertThat(kept).hasSize(ConversationTurn.MAX_TURNS);
    assertThat(kept.get(0).text()).isEqualTo("message 11");
    assertThat(kept.get(19).text()).isEqualTo("message 30");
  }

  @Test
  void dropsTheOldestBeyondEightKibibytesCountingUtf8Bytes() {
    String threeKiB = "é".repeat(1536); // two bytes each
    List<ConversationTurn> newestFirst =
        List.of(
            new ConversationTurn("contact", "newest " + threeKiB),
            new ConversationTurn("ai", "middle " + threeKiB),
            new ConversationTurn("contact", "oldest " + threeKiB),
            new ConversationTurn("contact", "tiny"));

    List<ConversationTurn> kept = ConversationTurn.lastFitting(newestFirst);

    assertThat(kept)
        .extracting(turn -> turn.text().substring(0, 6))
        .containsExactly("middle", "newest");
  }

  @Test
  void aNewestMessageTooLargeOnItsOwnLeavesNoHistory() {
    var huge = new ConversationTurn("contact", "x".repeat(ConversationTurn.MAX_BYTES + 1));

    assertThat(ConversationTurn.lastFitting(List.of(huge, new ConversationTurn("ai", "hi"))))
        .isEmpty();
  }
}
