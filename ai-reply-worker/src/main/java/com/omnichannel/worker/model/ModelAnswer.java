package com.omnichannel.worker.model;

/**
 * What a model answered: a reply, a request for a human, or both (the reply goes first).
 *
 * @param text the reply to the contact; null when the model only asked for a human
 * @param handoff whether the model asked for a human to take over
 * @param handoffReason why, in the model's words; null without a hand-off
 */
public record ModelAnswer(String text, boolean handoff, String handoffReason) {

  public static ModelAnswer reply(String text) {
    return new ModelAnswer(text, false, null);
  }

  public static ModelAnswer handoff(String text, String reason) {
    return new ModelAnswer(text, true, reason);
  }

  public boolean hasText() {
    return text != null && !text.isBlank();
  }
}
