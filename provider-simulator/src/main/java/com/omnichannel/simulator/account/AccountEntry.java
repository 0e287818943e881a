package com.omnichannel.simulator.account;

import java.util.List;

/**
 * One entry of a provider accounts setting: the channel it belongs to and the fields after it.
 *
 * @param fields in the order the setting gives them; an optional one left out is absent
 */
public record AccountEntry(long channelId, List<String> fields) {

  /** The field at {@code index}, or null when the entry left that optional field out. */
  public String field(int index) {
    return index < fields.size() ? fields.get(index) : null;
  }
}
