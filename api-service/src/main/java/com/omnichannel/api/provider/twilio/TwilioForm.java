package com.omnichannel.api.provider.twilio;

import com.omnichannel.api.web.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a form-encoded body ({@code application/x-www-form-urlencoded}), decoded, in
 * the order sent. Read from the body itself, never from the servlet's parameters, which mix in the
 * query string's: Twilio signs those only as part of the URL.
 */
record TwilioForm(List<Parameter> parameters) {

  record Parameter(String name, String value) {}

  TwilioForm {
    parameters = List.copyOf(parameters);
  }

  /**
   * @throws InvalidRequestException when the body is not form-encoded UTF-8
   */
  static TwilioForm parse(byte[] body) {
    List<Parameter> parameters = new ArrayList<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.add(new Parameter(decode(name), decode(value)));
    }
    return new TwilioForm(parameters);
  }

  private static String decode(String encoded) {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("The request body is not a valid form");
    }
  }

  /** The first value of the parameter; null when it was not sent. */
  String get(String name) {
    return parameters.stream()
        .filter(parameter -> parameter.name().equals(name))
        .map(Parameter::value)
        .findFirst()
        .orElse(null);
  }

  /** The value of the parameter, or null when it was not sent or is blank. */
  String present(String name) {
    String value = get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
