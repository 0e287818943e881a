package com.omnichannel.api.company;

import com.omnichannel.api.security.ApiKeys;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ResourceNotFoundException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates companies, channels and agents. Secrets we make are returned once and never again;
 * secrets a provider gave are never returned. A company holds at most so many channels and users
 * ({@link CompanyCaps}).
 */
@Service
public class CompanyProvisioning {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Set<String> PROVIDER_APIS =
      Set.of(
          ProviderConfig.WhatsAppCloud.DEFAULT_API_BASE_URL,
          ProviderConfig.Twilio.DEFAULT_API_BASE_URL,
          ProviderConfig.Telegram.DEFAULT_API_BASE_URL);

  private final JdbcClient jdbc;
  private final CompanyDirectory directory;
  private final ApiKeys apiKeys;

  private final OutboundUrls outboundUrls;
  private final ChannelSecrets secrets;
  private final JsonMapper json;
  private final String publicBaseUrl;
  private final TransactionTemplate transaction;
  private final CompanyCaps caps;

  CompanyProvisioning(
      JdbcClient jdbc,
      CompanyDirectory directory,
      ApiKeys apiKeys,
      OutboundUrls outboundUrls,
      ChannelSecrets secrets,
      JsonMapper json,
      ProviderProperties providers,
      PlatformTransactionManager transactions,
      CompanyCaps caps) {
    this.jdbc = jdbc;
    this.caps = caps;
    this.secrets = secrets;
    this.json = json;
    this.publicBaseUrl = providers.baseUrl();
    this.transaction = new TransactionTemplate(transactions);
    this.directory = directory;
    this.apiKeys = apiKeys;
    this.outboundUrls = outboundUrls;
  }

  /** A new company with its AI user, and its first API key. */
  public record CreatedCompany(long id, String name, User aiUser, String apiKey) {}

  /**
   * A new channel. A generic channel's webhook secret is shown here once; a provider's channel
   * shows none of the secrets it was given.
   */
  public record CreatedChannel(
      long id,
      long companyId,
      String name,
      String type,
      String webhookSecret,
      String outboundUrl,
      Provider provider,
      Object providerConfig,
      String webhookUrl) {}

  ChannelView view(Channel channel) {
    return ChannelView.of(channel, null, publicBaseUrl);
  }

  @Transactional
  public CreatedCompany createCompany(String name) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO companies (name) VALUES (?)").param(name).update(keys, "id");
    long companyId = keys.getKeyAs(Number.class).longValue();
    User ai = directory.createUser(companyId, CompanyDirectory.DEFAULT_AI_NAME, Role.AI);
    return new CreatedCompany(companyId, name, ai, apiKeys.issue(companyId).apiKey());
  }

  /**
   * Creates a channel. Its URLs (a generic channel's outbound URL, a provider's API base) are
   * checked first, outside the transaction: the check looks the host up in DNS, which must not hold
   * a database connection.
   */
  public CreatedChannel createChannel(
      long companyId,
      String name,
      String type,
      String outboundUrl,
      Provider provider,
      Map<String, Object> providerConfig) {
    if (!Channel.TYPES.contains(type)) {
      throw new InvalidRequestException(
          "type must be one of " + Channel.TYPES.stream().sorted().toList());
    }
    ProviderConfig config = ProviderAccounts.fromRequest(provider, type, providerConfig, null);
    checkUrls(provider, outboundUrl, config);
    return transaction.execute(
        tx -> insertChannel(companyId, name, type, outboundUrl, provider, config));
  }

  private CreatedChannel insertChannel(
      long companyId,
      String name,
      String type,
      String outboundUrl,
      Provider provider,
      ProviderConfig config) {
    caps.requireRoomForChannel(companyId);
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO channels (company_id, name, type, outbound_url, provider, provider_config)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        .params(companyId, name, type, outboundUrl, provider.spelling(), publicJson(config))
        .update(keys, "id");
    long channelId = keys.getKeyAs(Number.class).longValue();
    // Sealed for the channel's id, which the insert gave.
    String webhookSecret = provider == Provider.GENERIC ? newWebhookSecret() : null;
    jdbc.sql("UPDATE channels SET webhook_secret = ?, provider_secrets = ? WHERE id = ?")
        .params(
            secrets.sealWebhookSecret(channelId, webhookSecret),
            secrets.sealProviderSecrets(channelId, ProviderAccounts.secretFields(config)),
            channelId)
        .update();
    directory.channelCreated(companyId, channelId);
    return new CreatedChannel(
        channelId,
        companyId,
        name,
        type,
        webhookSecret,
        outboundUrl,
        provider,
        config.visible(),
        ChannelView.webhookUrl(provider, channelId, publicBaseUrl));
  }

  private static String newWebhookSecret() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  /**
   * Changes a channel: where a generic one delivers, which provider it speaks, its account. Fields
   * of {@code providerConfig} left out keep their values, so a change need not repeat secrets. The
   * URLs are checked outside the transaction, as on creation.
   *
   * @param changes the body's {@code outbound_url}, {@code provider} and {@code provider_config}
   * @throws ResourceNotFoundException when the channel is not the company's
   */
  public ChannelView change(long companyId, long channelId, ChannelChange changes) {
    Channel current =
        directory.channelsOf(companyId).stream()
            .filter(channel -> channel.id() == channelId)
            .findFirst()
            .orElseThrow(
                () -> new ResourceNotFoundException("Channel " + channelId + " not found"));
    Provider provider = changes.provider() != null ? changes.provider() : current.provider();
    String outboundUrl = changes.setsOutboundUrl() ? changes.outboundUrl() : current.outboundUrl();
    if (provider != Provider.GENERIC && !changes.setsOutboundUrl()) {
      outboundUrl = null;
    }
    ProviderConfig config =
        changes.providerConfig() == null && provider == current.provider()
            ? current.config()
            : ProviderAccounts.fromRequest(
                provider, current.type(), changes.providerConfig(), current.config());
    checkUrls(provider, outboundUrl, config);
    String url = outboundUrl;
    return transaction.execute(tx -> update(companyId, channelId, current, url, provider, config));
  }

  private ChannelView update(
      long companyId,
      long channelId,
      Channel current,
      String outboundUrl,
      Provider provider,
      ProviderConfig config) {
    // A generic channel keeps its secret, or its lack of one; one that comes back from a provider
    // gets a new secret, shown in this answer once.
    boolean backToGeneric = provider == Provider.GENERIC && current.provider() != Provider.GENERIC;
    String webhookSecret =
        provider != Provider.GENERIC
            ? null
            : backToGeneric ? newWebhookSecret() : current.webhookSecret();
    int changed =
        jdbc.sql(
                """
                UPDATE channels
                   SET outbound_url = ?, provider = ?, provider_config = ?, provider_secrets = ?,
                       webhook_secret = ?
                 WHERE id = ? AND company_id = ?
                """)
            .params(
                outboundUrl,
                provider.spelling(),
                publicJson(config),
                secrets.sealProviderSecrets(channelId, ProviderAccounts.secretFields(config)),
                secrets.sealWebhookSecret(channelId, webhookSecret),
                channelId,
                companyId)
            .update();
    if (changed == 0) {
      throw new ResourceNotFoundException("Channel " + channelId + " not found");
    }
    directory.channelChanged(companyId, channelId);
    return ChannelView.of(
        new Channel(
            channelId,
            companyId,
            current.name(),
            current.type(),
            webhookSecret,
            outboundUrl,
            provider,
            config),
        backToGeneric ? webhookSecret : null,
        publicBaseUrl);
  }

  /** A generic channel's outbound URL, or a provider's API base, must pass the address policy. */
  private void checkUrls(Provider provider, String outboundUrl, ProviderConfig config) {
    if (provider != Provider.GENERIC && outboundUrl != null) {
      throw new InvalidRequestException(
          "outbound_url is for generic channels; a "
              + provider.spelling()
              + " channel sends to its provider_config.api_base_url");
    }
    if (outboundUrl != null) {
      outboundUrls.check(outboundUrl, "outbound_url");
    }
    String apiBase = ProviderAccounts.publicFields(config).get("api_base_url");
    // A provider's own API is not looked up: only a base the tenant chose can point inwards.
    if (apiBase != null && !PROVIDER_APIS.contains(apiBase)) {
      outboundUrls.check(apiBase, "provider_config.api_base_url");
    }
  }

  private String publicJson(ProviderConfig config) {
    Map<String, String> fields = ProviderAccounts.publicFields(config);
    return fields.isEmpty() ? null : json.writeValueAsString(fields);
  }

  @Transactional(readOnly = true)
  public List<ChannelView> channels(long companyId) {
    return directory.channelsOf(companyId).stream().map(this::view).toList();
  }

  /**
   * Creates an agent.
   *
   * @throws com.omnichannel.api.web.ConflictException when the company has as many users as it may
   */
  @Transactional
  public User createAgent(long companyId, String name) {
    caps.requireRoomForUser(companyId);
    return directory.createUser(companyId, name, Role.AGENT);
  }
}
