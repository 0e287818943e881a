package com.omnichannel.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One earlier message of a conversation, as a model needs it.
 *
 * @param sender {@code contact}, {@code ai} or {@code agent}
 */
public record ConversationTurn(
    @JsonProperty("sender") String sender, @JsonProperty("text") String text) {

  /** At most this many earlier messages travel with an inbound message. */
  public static final int MAX_TURNS = 20;

  /** Their texts take at most this many bytes of UTF-8 together. */
  public static final int MAX_BYTES = 8 * 1024;

  /**
   * The most recent of {@code newestFirst} that fit the bounds, oldest first: at most {@link
   * #MAX_TURNS}, and only as many as fit {@link #MAX_BYTES} counted from the newest (an older
   * message never takes the place of a newer one).
   */
  public static List<ConversationTurn> lastFitting(List<ConversationTurn> newestFirst) {
    List<ConversationTurn> kept = new ArrayList<>();
    int bytes = 0;
    for (ConversationTurn turn : newestFirst) {
      bytes += turn.text().getBytes(StandardCharsets.UTF_8).length;
      if (kept.size() == MAX_TURNS || bytes > MAX_BYTES) {
        break;
      }
      kept.add(turn);
    }
    Collections.reverse(kept);
    return List.copyOf(kept);
  }
}
