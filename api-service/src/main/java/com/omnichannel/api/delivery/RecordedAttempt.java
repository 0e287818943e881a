package com.omnichannel.api.delivery;

import java.time.Duration;

/**
 * What one delivery report did.
 *
 * @param storedToSent from the message being stored to the provider's 2xx; null unless sent
 */
record RecordedAttempt(AttemptOutcome outcome, Duration storedToSent) {

  static RecordedAttempt of(AttemptOutcome outcome) {
    return new RecordedAttempt(outcome, null);
  }
}
