package com.omnichannel.api.company;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** Companies, their channels and their users. Every lookup is scoped by company. */
@Repository
public class CompanyDirectory {

  public static final String DEFAULT_AI_NAME = "AI Assistant";
  public static final String DEFAULT_AGENT_NAME = "Default Agent";

  static final Duration CHANNEL_CACHE_TTL = Duration.ofSeconds(30);

  /**
   * How long a channel that was not found stays not found without a query: junk deliveries to
   * made-up ids then cost no database work. A channel created on this instance is seen at once; one
   * created on another instance within this time.
   */
  static final Duration CHANNEL_MISS_TTL = Duration.ofSeconds(5);

  /**
   * Channels found by the webhook, which looks one up on every delivery. A changed channel is seen
   * within {@link #CHANNEL_CACHE_TTL}.
   */
  private final Cache<ChannelKey, Channel> channels;

  private final Cache<ChannelKey, Boolean> missingChannels;

  /**
   * Companies' assistants, read for every inbound message of an AI-owned conversation. A change is
   * seen at once on this instance and within {@link #CHANNEL_CACHE_TTL} on others.
   */
  private final Cache<Long, Assistant> assistants;

  private final JdbcClient jdbc;

  private static final RowMapper<User> USER =
      (rs, row) ->
          new User(
              rs.getLong("id"),
              rs.getLong("company_id"),
              rs.getString("name"),
              Role.of(rs.getString("role")));

  private static final String CHANNEL_COLUMNS = ChannelRows.COLUMNS;

  /** Channels by id alone, for the providers' webhooks, whose URLs name only the channel. */
  private final Cache<Long, Channel> channelsById;

  private final Cache<Long, Boolean> missingChannelIds;

  private final RowMapper<Channel> channelRow;

  private record ChannelKey(long companyId, long channelId) {}

  CompanyDirectory(JdbcClient jdbc, ChannelSecrets secrets, JsonMapper json) {
    this.jdbc = jdbc;
    this.channelRow = new ChannelRows(secrets, json);
    this.channelsById =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CHANNEL_CACHE_TTL).build();
    this.missingChannelIds =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CHANNEL_MISS_TTL).build();
    this.channels =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CHANNEL_CACHE_TTL).build();
    this.missingChannels =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CHANNEL_MISS_TTL).build();
    this.assistants =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CHANNEL_CACHE_TTL).build();
  }

  /**
   * What the company's AI assistant answers as.
   *
   * @param companyName the company's name
   * @param instructions the company's instructions to its assistant; null when it has none
   */
  public record Assistant(String companyName, String instructions) {}

  /** The company's assistant, or empty when the company does not exist. */
  public Optional<Assistant> assistantOf(long companyId) {
    Assistant cached = assistants.getIfPresent(companyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Assistant> found =
        jdbc.sql("SELECT name, assistant_instructions FROM companies WHERE id = ?")
            .param(companyId)
            .query((rs, row) -> new Assistant(rs.getString(1), rs.getString(2)))
            .optional();
    found.ifPresent(assistant -> assistants.put(companyId, assistant));
    return found;
  }

  /** The company, or empty when it does not exist; read with (and cached as) its assistant. */
  public Optional<Company> company(long companyId) {
    return assistantOf(companyId).map(assistant -> new Company(companyId, assistant.companyName()));
  }

  /** Forgets the company's assistant once the transaction that changed it commits. */
  void assistantChanged(long companyId) {
    afterCommit(() -> assistants.invalidate(companyId));
  }

  /**
   * The company's channel. A channel of another company and a company that does not exist look the
   * same: empty.
   */
  public Optional<Channel> findChannel(long companyId, long channelId) {
    var key = new ChannelKey(companyId, channelId);
    Channel cached = channels.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (missingChannels.getIfPresent(key) != null) {
      return Optional.empty();
    }
    Optional<Channel> found = loadChannel(companyId, channelId);
    found.ifPresentOrElse(
        channel -> channels.put(key, channel), () -> missingChannels.put(key, Boolean.TRUE));
    return found;
  }

  /**
   * The channel with this id, whichever company's: a provider's webhook URL names only the channel,
   * and the provider's signature, checked with the channel's own secret, proves the rest.
   */
  public Optional<Channel> findChannel(long channelId) {
    Channel cached = channelsById.getIfPresent(channelId);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (missingChannelIds.getIfPresent(channelId) != null) {
      return Optional.empty();
    }
    Optional<Channel> found =
        jdbc.sql("SELECT " + CHANNEL_COLUMNS + " FROM channels WHERE id = ?")
            .param(channelId)
            .query(channelRow)
            .optional();
    found.ifPresentOrElse(
        channel -> channelsById.put(channelId, channel),
        () -> missingChannelIds.put(channelId, Boolean.TRUE));
    return found;
  }

  /**
   * Forgets that a channel was missing once the transaction that created it commits (a look-up
   * before the commit would find it missing again).
   */
  void channelCreated(long companyId, long channelId) {
    var key = new ChannelKey(companyId, channelId);
    Runnable forget =
        () -> {
          missingChannels.invalidate(key);
          missingChannelIds.invalidate(channelId);
        };
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      forget.run();
      return;
    }
    afterCommit(forget);
  }

  /**
   * Forgets a changed channel once the transaction that changed it commits; other instances see the
   * change within {@link #CHANNEL_CACHE_TTL}.
   */
  void channelChanged(long companyId, long channelId) {
    var key = new ChannelKey(companyId, channelId);
    afterCommit(
        () -> {
          channels.invalidate(key);
          channelsById.invalidate(channelId);
        });
  }

  private static void afterCommit(Runnable action) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            action.run();
          }
        });
  }

  /**
   * The company's channel as it is in the database now, not as cached: what a delivery request is
   * rendered from, so that a token just rotated on any instance is the one sent.
   */
  public Optional<Channel> currentChannel(long companyId, long channelId) {
    return loadChannel(companyId, channelId);
  }

  private Optional<Channel> loadChannel(long companyId, long channelId) {
    return jdbc.sql("SELECT " + CHANNEL_COLUMNS + " FROM channels WHERE id = ? AND company_id = ?")
        .params(channelId, companyId)
        .query(channelRow)
        .optional();
  }

  /** The company's channels, read from the database rather than the cache. */
  public List<Channel> channelsOf(long companyId) {
    return jdbc.sql("SELECT " + CHANNEL_COLUMNS + " FROM channels WHERE company_id = ? ORDER BY id")
        .param(companyId)
        .query(channelRow)
        .list();
  }

  public Optional<User> findUser(long companyId, long userId) {
    return jdbc.sql(
            """
            SELECT id, company_id, name, role
              FROM users
             WHERE id = ? AND company_id = ?
            """)
        .params(userId, companyId)
        .query(USER)
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
        .query(USER)
        .list();
  }

  /** The company's first user with {@code role}, if it has one. */
  private Optional<User> firstUserWithRole(long companyId, Role role) {
    return jdbc.sql(
            """
            SELECT id, company_id, name, role
              FROM users
             WHERE company_id = ? AND role = ?
             ORDER BY id
             LIMIT 1
            """)
        .params(companyId, role.spelling())
        .query(USER)
        .optional();
  }

  /**
   * The company's first user with {@code role}, created with {@code name} if it has none. The
   * company's row lock keeps two concurrent callers from creating two.
   */
  private User firstOrCreateUser(long companyId, Role role, String name) {
    return firstUserWithRole(companyId, role)
        .orElseGet(
            () -> {
              jdbc.sql("SELECT id FROM companies WHERE id = ? FOR UPDATE")
                  .param(companyId)
                  .query(Long.class)
                  .single();
              return firstUserWithRole(companyId, role)
                  .orElseGet(() -> createUser(companyId, name, role));
            });
  }

  /** The company's first agent, created as {@value #DEFAULT_AGENT_NAME} if it has none. */
  public User firstOrCreateAgent(long companyId) {
    return firstOrCreateUser(companyId, Role.AGENT, DEFAULT_AGENT_NAME);
  }

  /** The company's AI user, created as {@value #DEFAULT_AI_NAME} if it has none. */
  public User firstOrCreateAi(long companyId) {
    return firstOrCreateUser(companyId, Role.AI, DEFAULT_AI_NAME);
  }

  /** Creates a user in the caller's transaction. */
  public User createUser(long companyId, String name, Role role) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO users (company_id, name, role) VALUES (?, ?, ?)")
        .params(companyId, name, role.spelling())
        .update(keys, "id");
    return new User(keys.getKeyAs(Number.class).longValue(), companyId, name, role);
  }
}
