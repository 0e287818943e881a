package com.omnichannel.simulator.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** How each provider route compares what a request presents with what it was configured with. */
public final class Credentials {

  private Credentials() {}

  /**
   * Whether {@code presented} is {@code expected}, compared in constant time, as a provider would,
   * so that the simulator teaches no timing oracle to code written against it.
   */
  public static boolean match(String expected, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
