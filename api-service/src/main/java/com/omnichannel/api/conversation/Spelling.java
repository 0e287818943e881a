package com.omnichannel.api.conversation;

import com.omnichannel.api.web.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A closed set whose members a client spells in lower case. */
final class Spelling {

  private Spelling() {}

  /**
   * The member of {@code values} that {@code spelling} names.
   *
   * @param field the request field it came in, for the error
   * @throws InvalidRequestException when it names none
   */
  static <E extends Enum<E>> E parse(E[] values, String field, String spelling) {
    for (E value : values) {
      if (of(value).equals(spelling)) {
        return value;
      }
    }
    String choices = Arrays.stream(values).map(Spelling::of).collect(Collectors.joining(" or "));
    throw new InvalidRequestException(field + " must be " + choices + ", not '" + spelling + "'");
  }

  /** The spelling of a member: its name in lower case. */
  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
