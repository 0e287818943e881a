package com.omnichannel.api.company;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads a channel's row, its secrets opened. */
final class ChannelRows implements RowMapper<Channel> {

  static final String COLUMNS =
      "id, company_id, name, type, webhook_secret, outbound_url, provider, provider_config,"
          + " provider_secrets";

  private static final TypeReference<LinkedHashMap<String, String>> FIELDS =
      new TypeReference<>() {};

  private final ChannelSecrets secrets;
  private final JsonMapper json;

  ChannelRows(ChannelSecrets secrets, JsonMapper json) {
    this.secrets = secrets;
    this.json = json;
  }

  @Override
  public Channel mapRow(ResultSet rs, int row) throws SQLException {
    long id = rs.getLong("id");
    Provider provider = Provider.of(rs.getString("provider"));
    String config = rs.getString("provider_config");
    return new Channel(
        id,
        rs.getLong("company_id"),
        rs.getString("name"),
        rs.getString("type"),
        secrets.openWebhookSecret(id, rs.getString("webhook_secret")),
        rs.getString("outbound_url"),
        provider,
        ProviderAccounts.fromRow(
            provider,
            config == null ? Map.of() : json.readValue(config, FIELDS),
            secrets.openProviderSecrets(id, rs.getString("provider_secrets"))));
  }
}
