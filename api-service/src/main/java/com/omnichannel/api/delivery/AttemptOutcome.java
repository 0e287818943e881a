package com.omnichannel.api.delivery;

import java.util.Locale;

/** What one delivery report did; counted as {@code omni.delivery.reports{outcome=...}}. */
enum AttemptOutcome {
  SENT,
  RETRY_SCHEDULED,
  FAILED,
  DEFERRED,
  /** It answered a request that was superseded, or came after a status callback. */
  STALE,
  UNKNOWN;

  /** The spelling of the metric's tag. */
  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
