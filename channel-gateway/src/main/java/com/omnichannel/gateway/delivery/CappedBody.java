package com.omnichannel.gateway.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.HttpEntity;

/**
 * At most the first {@code limit} bytes of a response body, read no further. All the gateway needs
 * of a body is a provider id or the start of an error, and a provider must not be able to make it
 * hold (or wait for) a body of any size. A body cut short leaves its connection unusable: the
 * caller closes it rather than read the rest.
 *
 * @param bytes what was kept
 * @param cut whether the body may go on past them
 */
record CappedBody(byte[] bytes, boolean cut) {

  static CappedBody read(HttpEntity entity, int limit) throws IOException {
    if (entity == null) {
      return new CappedBody(new byte[0], false);
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    byte[] buffer = new byte[Math.min(limit, 8192)];
    InputStream in = entity.getContent();
    while (kept.size() < limit) {
      int read = in.read(buffer, 0, Math.min(buffer.length, limit - kept.size()));
      if (read < 0) {
        return new CappedBody(kept.toByteArray(), false);
      }
      kept.write(buffer, 0, read);
    }
    return new CappedBody(kept.toByteArray(), true);
  }
}
