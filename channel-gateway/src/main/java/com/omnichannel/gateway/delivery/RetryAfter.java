package com.omnichannel.gateway.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: delay seconds or an HTTP date. */
final class RetryAfter {

  /** A provider asking for more than this is still asked again within the hour. */
  static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /**
   * The wait in milliseconds, at most {@link #MAX}; null when the value is missing or unreadable.
   */
  static Long millis(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    if (text.chars().allMatch(Character::isDigit)) {
      // Compared as text length first, so a value of many digits cannot overflow a long.
      if (text.length() > 7) {
        return MAX.toMillis();
      }
      return Math.min(Long.parseLong(text) * 1000, MAX.toMillis());
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      long wait = Duration.between(now, at).toMillis();
      return Math.max(0, Math.min(wait, MAX.toMillis()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
