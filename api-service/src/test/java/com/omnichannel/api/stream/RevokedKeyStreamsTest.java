package com.omnichannel.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The revocation sweep's lifecycle. */
class RevokedKeyStreamsTest {

  @Test
  void stoppingASweepThatNeverStartedDoesNothing() {
    RevokedKeyStreams sweep = new RevokedKeyStreams(null, null);

    assertThatCode(sweep::stop).doesNotThrowAnyException();
    assertThat(sweep.isRunning()).isFalse();
  }
}
