package com.omnichannel.api.company;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A user of one company: its AI, or a human agent. */
public record User(long id, @JsonIgnore long companyId, String name, Role role) {

  @JsonIgnore
  public boolean isAi() {
    return role.isAi();
  }

  @JsonIgnore
  public boolean isAgent() {
    return role == Role.AGENT;
  }
}
