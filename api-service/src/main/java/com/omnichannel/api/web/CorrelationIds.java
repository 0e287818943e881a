package com.omnichannel.api.web;

import com.omnichannel.contracts.EventIds;
import java.util.regex.Pattern;

/**
 * The id a provider's request is traced by, end to end: the caller's {@value #HEADER} when it is
 * safe to log and to pass on, else a new one.
 */
public final class CorrelationIds {

  public static final String HEADER = "X-Correlation-Id";

  private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");

  private CorrelationIds() {}

  /** The caller's id from its {@value #HEADER}, or a new one when it sent none or an unsafe one. */
  public static String of(String header) {
    return header != null && SAFE.matcher(header).matches() ? header : EventIds.random().toString();
  }
}
