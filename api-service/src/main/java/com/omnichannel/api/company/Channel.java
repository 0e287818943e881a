package com.omnichannel.api.company;

/** A company's inbound channel. Its type decides what identifies a contact on it. */
public record Channel(long id, long companyId, String name, String type) {

  /** Email channels identify contacts by address; every other channel by phone number. */
  public boolean identifiesContactsByEmail() {
    return "email".equals(type);
  }
}
