package com.omnichannel.api.company;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Companies, their channels and their users. Every lookup is scoped by company. */
@Repository
public class CompanyDirectory {

  /**
   * Channels found by the webhook, which looks one up on every delivery. Only hits are kept, so a
   * new channel is seen at once; a changed channel within {@link #CHANNEL_CACHE_TTL}.
   */
  private final Cache<ChannelKey, Channel> channels;

  private final JdbcClient jdbc;

  static final Duration CHANNEL_CACHE_TTL = Duration.ofSeconds(30);

  private record ChannelKey(long companyId, long channelId) {}

  CompanyDirectory(JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.channels =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CHANNEL_CACHE_TTL).build();
  }

  public boolean companyExists(long companyId) {
    return jdbc.sql("SELECT COUNT(*) FROM companies WHERE id = ?")
            .param(companyId)
            .query(Long.class)
            .single()
        > 0;
  }

  public Optional<Channel> findChannel(long companyId, long channelId) {
    var key = new ChannelKey(companyId, channelId);
    Channel cached = channels.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Channel> found = loadChannel(companyId, channelId);
    found.ifPresent(channel -> channels.put(key, channel));
    return found;
  }

  private Optional<Channel> loadChannel(long companyId, long channelId) {
    return jdbc.sql(
            """
            SELECT id, company_id, name, type, webhook_secret
              FROM channels
             WHERE id = ? AND company_id = ?
            """)
        .params(channelId, companyId)
        .query(Channel.class)
        .optional();
  }

  public Optional<User> findUser(long companyId, long userId) {
    return jdbc.sql(
            """
            SELECT id, company_id, name, role
              FROM users
             WHERE id = ? AND company_id = ?
            """)
        .params(userId, companyId)
        .query(User.class)
        .optional();
  }

  public List<User> usersOf(long companyId) {
    return jdbc.sql(
            """
            SELECT id, company_id, name, role
              FROM users
             WHERE company_id = ?
             ORDER BY id
            """)
        .param(companyId)
        .query(User.class)
        .list();
  }

  /** The company's first user with {@code role}, if it has one. */
  public Optional<User> firstUserWithRole(long companyId, String role) {
    return jdbc.sql(
            """
            SELECT id, company_id, name, role
              FROM users
             WHERE company_id = ? AND role = ?
             ORDER BY id
             LIMIT 1
            """)
        .params(companyId, role)
        .query(User.class)
        .optional();
  }

  /** Creates a user in the caller's transaction. */
  public User createUser(long companyId, String name, String role) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO users (company_id, name, role) VALUES (?, ?, ?)")
        .params(companyId, name, role)
        .update(keys, "id");
    return new User(keys.getKeyAs(Number.class).longValue(), companyId, name, role);
  }
}
