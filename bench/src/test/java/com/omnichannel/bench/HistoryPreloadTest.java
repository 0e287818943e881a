package com.omnichannel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.omnichannel.bench.HistoryPreload.Chunk;
import org.junit.jupiter.api.Test;

class HistoryPreloadTest {

  @Test
  void aMillionMessagesAreTenChunksOfTenThousandConversations() {
    var chunks = HistoryPreload.chunks(0, 1_000_000);

    assertThat(chunks).hasSize(10);
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.count()).isEqualTo(10_000));
    assertThat(chunks.get(0).first()).isZero();
    assertThat(chunks.get(9).first()).isEqualTo(90_000);
  }

  @Test
  void aRemainderIsALastSmallerChunkOfWholeConversations() {
    var chunks = HistoryPreload.chunks(0, 250_005);

    assertThat(chunks)
        .containsExactly(new Chunk(0, 10_000), new Chunk(10_000, 10_000), new Chunk(20_000, 5_001));
  }

  @Test
  void aSecondRunGoesOnAfterTheConversationsOfTheFirst() {
    var chunks = HistoryPreload.chunks(100_000, 20);

    assertThat(chunks).containsExactly(new Chunk(100_000, 2));
  }

  @Test
  void contactsHaveSevenDigitsAfterAPrefixOfTheirOwn() {
    assertThat(HistoryPreload.phone(0)).isEqualTo("+16660000000");
    assertThat(HistoryPreload.phone(9_999_999)).isEqualTo("+16669999999");
    assertThat(HistoryPreload.phone(12)).doesNotStartWith("+1777");
  }

  @Test
  void aHistoryPastTheContactsNumbersIsRefused() {
    assertThatThrownBy(() -> HistoryPreload.chunks(9_999_999, 20))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noMessagesAreNoChunks() {
    assertThat(HistoryPreload.chunks(0, 0)).isEmpty();
  }
}
