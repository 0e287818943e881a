package com.omnichannel.api.inbox;

import com.omnichannel.api.web.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/** Where a page of the inbox ended, as an opaque cursor. */
record InboxCursor(Instant lastMessageAt, long id) {

  String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, lastMessageAt);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("v1:" + micros + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws InvalidRequestException when the cursor is not one this API gave
   */
  static InboxCursor decode(String cursor) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
      if (parts.length != 3 || !parts[0].equals("v1")) {
        throw new IllegalArgumentException(cursor);
      }
      return new InboxCursor(
          Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS),
          Long.parseLong(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("cursor is not one this API gave out");
    }
  }
}
