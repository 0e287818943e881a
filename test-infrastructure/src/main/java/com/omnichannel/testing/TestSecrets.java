package com.omnichannel.testing;

import com.omnichannel.contracts.SecretBox;

/** The secrets key every test process uses, and the box it opens. */
public final class TestSecrets {

  /** A fixed key for tests only (base64 of 32 bytes); never a deployment's. */
  public static final String KEY = "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";

  public static final SecretBox BOX = SecretBox.fromBase64Key(KEY);

  private TestSecrets() {}
}
