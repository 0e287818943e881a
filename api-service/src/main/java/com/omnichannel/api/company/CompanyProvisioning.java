package com.omnichannel.api.company;

import com.omnichannel.api.security.ApiKeys;
import com.omnichannel.api.web.InvalidRequestException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates companies, channels and agents. Secrets are returned once and never again. */
@Service
public class CompanyProvisioning {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final CompanyDirectory directory;
  private final ApiKeys apiKeys;

  CompanyProvisioning(JdbcClient jdbc, CompanyDirectory directory, ApiKeys apiKeys) {
    this.jdbc = jdbc;
    this.directory = directory;
    this.apiKeys = apiKeys;
  }

  /** A new company with its AI user, and its first API key. */
  public record CreatedCompany(long id, String name, User aiUser, String apiKey) {}

  /** A new channel with the secret its provider signs webhooks with. */
  public record CreatedChannel(
      long id, long companyId, String name, String type, String webhookSecret) {}

  @Transactional
  public CreatedCompany createCompany(String name) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO companies (name) VALUES (?)").param(name).update(keys, "id");
    long companyId = keys.getKeyAs(Number.class).longValue();
    User ai = directory.createUser(companyId, CompanyDirectory.DEFAULT_AI_NAME, User.AI);
    return new CreatedCompany(companyId, name, ai, apiKeys.issue(companyId).apiKey());
  }

  @Transactional
  public CreatedChannel createChannel(long companyId, String name, String type) {
    if (!Channel.TYPES.contains(type)) {
      throw new InvalidRequestException(
          "type must be one of " + Channel.TYPES.stream().sorted().toList());
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String webhookSecret = HexFormat.of().formatHex(secret);
    var keys = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO channels (company_id, name, type, webhook_secret) VALUES (?, ?, ?, ?)")
        .params(companyId, name, type, webhookSecret)
        .update(keys, "id");
    long channelId = keys.getKeyAs(Number.class).longValue();
    directory.channelCreated(companyId, channelId);
    return new CreatedChannel(channelId, companyId, name, type, webhookSecret);
  }

  @Transactional
  public User createAgent(long companyId, String name) {
    return directory.createUser(companyId, name, User.AGENT);
  }
}
