package com.omnichannel.api.company;

import com.omnichannel.api.security.ApiKeys;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ResourceNotFoundException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates companies, channels and agents. Secrets are returned once and never again. */
@Service
public class CompanyProvisioning {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final CompanyDirectory directory;
  private final ApiKeys apiKeys;

  private final OutboundUrls outboundUrls;
  private final TransactionTemplate transaction;

  CompanyProvisioning(
      JdbcClient jdbc,
      CompanyDirectory directory,
      ApiKeys apiKeys,
      OutboundUrls outboundUrls,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.directory = directory;
    this.apiKeys = apiKeys;
    this.outboundUrls = outboundUrls;
  }

  /** A new company with its AI user, and its first API key. */
  public record CreatedCompany(long id, String name, User aiUser, String apiKey) {}

  /** A new channel with the secret its provider signs webhooks with. */
  public record CreatedChannel(
      long id,
      long companyId,
      String name,
      String type,
      String webhookSecret,
      String outboundUrl) {}

  /** A channel as the API shows it: never its secret, only whether it has one. */
  public record ChannelView(
      long id, long companyId, String name, String type, String outboundUrl, boolean signed) {

    static ChannelView of(Channel channel) {
      return new ChannelView(
          channel.id(),
          channel.companyId(),
          channel.name(),
          channel.type(),
          channel.outboundUrl(),
          channel.webhookSecret() != null);
    }
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
   * Creates a channel. Its outbound URL is checked first, outside the transaction: the check looks
   * the host up in DNS, which must not hold a database connection.
   */
  public CreatedChannel createChannel(
      long companyId, String name, String type, String outboundUrl) {
    if (!Channel.TYPES.contains(type)) {
      throw new InvalidRequestException(
          "type must be one of " + Channel.TYPES.stream().sorted().toList());
    }
    if (outboundUrl != null) {
      outboundUrls.check(outboundUrl);
    }
    return transaction.execute(tx -> insertChannel(companyId, name, type, outboundUrl));
  }

  private CreatedChannel insertChannel(
      long companyId, String name, String type, String outboundUrl) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String webhookSecret = HexFormat.of().formatHex(secret);
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO channels (company_id, name, type, webhook_secret, outbound_url)
            VALUES (?, ?, ?, ?, ?)
            """)
        .params(companyId, name, type, webhookSecret, outboundUrl)
        .update(keys, "id");
    long channelId = keys.getKeyAs(Number.class).longValue();
    directory.channelCreated(companyId, channelId);
    return new CreatedChannel(channelId, companyId, name, type, webhookSecret, outboundUrl);
  }

  /**
   * Sets (or, with null, clears) where the channel's messages are delivered; the URL is checked
   * outside the transaction, as on creation.
   *
   * @throws ResourceNotFoundException when the channel is not the company's
   */
  public ChannelView setOutboundUrl(long companyId, long channelId, String outboundUrl) {
    if (outboundUrl != null) {
      outboundUrls.check(outboundUrl);
    }
    return transaction.execute(tx -> updateOutboundUrl(companyId, channelId, outboundUrl));
  }

  private ChannelView updateOutboundUrl(long companyId, long channelId, String outboundUrl) {
    int changed =
        jdbc.sql("UPDATE channels SET outbound_url = ? WHERE id = ? AND company_id = ?")
            .params(outboundUrl, channelId, companyId)
            .update();
    if (changed == 0) {
      throw new ResourceNotFoundException("Channel " + channelId + " not found");
    }
    directory.channelChanged(companyId, channelId);
    return channels(companyId).stream()
        .filter(channel -> channel.id() == channelId)
        .findFirst()
        .orElseThrow();
  }

  @Transactional(readOnly = true)
  public List<ChannelView> channels(long companyId) {
    return directory.channelsOf(companyId).stream().map(ChannelView::of).toList();
  }

  @Transactional
  public User createAgent(long companyId, String name) {
    return directory.createUser(companyId, name, Role.AGENT);
  }
}
