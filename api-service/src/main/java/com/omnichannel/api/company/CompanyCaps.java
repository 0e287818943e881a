package com.omnichannel.api.company;

import com.omnichannel.api.ratelimit.LimitsProperties;
import com.omnichannel.api.web.ConflictException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many channels and users one company may have ({@code omni.limits.*}), so that one tenant's
 * script cannot fill the tables every webhook and inbox query walks. Checked in the creating
 * transaction under the company's row lock, which lasts to its end: concurrent creators of one
 * company count one after the other and never pass the cap together.
 */
@Component
class CompanyCaps {

  private final JdbcClient jdbc;
  private final LimitsProperties limits;

  CompanyCaps(JdbcClient jdbc, LimitsProperties limits) {
    this.jdbc = jdbc;
    this.limits = limits;
  }

  /** In the caller's transaction: refuses a channel past the company's cap. */
  void requireRoomForChannel(long companyId) {
    requireRoom(
        companyId,
        "SELECT COUNT(*) FROM channels WHERE company_id = ?",
        limits.channelsPerCompany(),
        "channels",
        "LIMIT_CHANNELS_PER_COMPANY");
  }

  /** In the caller's transaction: refuses a user past the company's cap. */
  void requireRoomForUser(long companyId) {
    requireRoom(
        companyId,
        "SELECT COUNT(*) FROM users WHERE company_id = ?",
        limits.usersPerCompany(),
        "users",
        "LIMIT_USERS_PER_COMPANY");
  }

  private void requireRoom(long companyId, String countSql, int cap, String what, String name) {
    jdbc.sql("SELECT id FROM companies WHERE id = ? FOR UPDATE")
        .param(companyId)
        .query(Long.class)
        .single();
    long held = jdbc.sql(countSql).param(companyId).query(Long.class).single();
    if (LimitsProperties.reached(cap, held)) {
      throw new ConflictException(
          "The company has %d %s, its limit (%s = %d)".formatted(held, what, name, cap));
    }
  }
}
