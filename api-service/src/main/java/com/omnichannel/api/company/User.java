package com.omnichannel.api.company;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A user of one company: the AI ({@code role = "ai"}) or a human agent. */
public record User(long id, @JsonIgnore long companyId, String name, String role) {

  public static final String AI = "ai";
  public static final String AGENT = "agent";

  @JsonIgnore
  public boolean isAi() {
    return AI.equals(role);
  }

  @JsonIgnore
  public boolean isAgent() {
    return AGENT.equals(role);
  }
}
