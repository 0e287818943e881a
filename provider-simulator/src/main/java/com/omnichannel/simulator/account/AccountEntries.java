package com.omnichannel.simulator.account;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the provider accounts settings, {@code channel_id|field|field...} entries separated by
 * commas. Strictly: a typo stops the simulator at start, rather than leaving a channel whose sends
 * it refuses with a 401 nobody can explain. Errors name the variable, the entry and the field,
 * never a value, as the values are credentials.
 */
public final class AccountEntries {

  private AccountEntries() {}

  /**
   * @param variable the environment variable the value came from, for the error message
   * @param value the setting; blank means no account
   * @param fields the names of the fields after {@code channel_id}
   * @param optional how many of the last fields an entry may leave out
   * @throws IllegalArgumentException on an entry with a field missing, empty or too many, a channel
   *     id that is not a number, or a channel given twice
   */
  public static List<AccountEntry> parse(
      String variable, String value, List<String> fields, int optional) {
    List<AccountEntry> entries = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return entries;
    }
    String shape = shape(fields, optional);
    Set<Long> channels = new HashSet<>();
    String[] raw = value.split(",", -1);
    for (int i = 0; i < raw.length; i++) {
      String where = variable + ": entry " + (i + 1) + " ";
      String[] parts = raw[i].trim().split("\\|", -1);
      int given = parts.length - 1;
      if (given < fields.size() - optional || given > fields.size()) {
        throw new IllegalArgumentException(where + "is not " + shape);
      }
      List<String> values = new ArrayList<>();
      for (int f = 0; f < parts.length; f++) {
        String part = parts[f].trim();
        if (part.isEmpty()) {
          String name = f == 0 ? "channel_id" : fields.get(f - 1);
          throw new IllegalArgumentException(where + "has an empty " + name + " (" + shape + ")");
        }
        values.add(part);
      }
      if (!values.get(0).matches("[0-9]{1,18}")) {
        throw new IllegalArgumentException(where + "has a channel_id that is not a number");
      }
      long channelId = Long.parseLong(values.get(0));
      if (!channels.add(channelId)) {
        throw new IllegalArgumentException(variable + ": channel " + channelId + " is given twice");
      }
      entries.add(new AccountEntry(channelId, List.copyOf(values.subList(1, values.size()))));
    }
    return entries;
  }

  /**
   * Checks that no two entries share a value that must pick one account, such as a phone number id.
   */
  public static void requireUnique(String variable, List<String> values, String field) {
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      if (!seen.add(value)) {
        throw new IllegalArgumentException(variable + ": two entries have the same " + field);
      }
    }
  }

  private static String shape(List<String> fields, int optional) {
    StringBuilder shape = new StringBuilder("channel_id");
    for (int i = 0; i < fields.size(); i++) {
      boolean isOptional = i >= fields.size() - optional;
      shape.append(isOptional ? "[|" : "|").append(fields.get(i)).append(isOptional ? "]" : "");
    }
    return shape.toString();
  }
}
