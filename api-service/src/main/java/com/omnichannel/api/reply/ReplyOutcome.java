package com.omnichannel.api.reply;

import java.util.Locale;

/** What became of one AI event; counted as {@code omni.ai_replies{outcome=...}}. */
public enum ReplyOutcome {
  STORED,
  /** A hand-off moved the conversation to the company's first agent. */
  HANDED_OFF,
  DUPLICATE,
  DROPPED_HUMAN_OWNER,
  DROPPED_UNKNOWN_CONVERSATION,
  /**
   * The reply names another company or conversation than the message it answers: stored nowhere.
   */
  DROPPED_MISMATCHED_QUESTION;

  /** The spelling of the metric's tag. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
