package com.omnichannel.simulator.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of a status callback to the API's {@code POST /webhooks/status}. */
record StatusUpdate(
    @JsonProperty("company_id") Long companyId,
    @JsonProperty("channel_id") Long channelId,
    @JsonProperty("message_id") Long messageId,
    @JsonProperty("provider_message_id") String providerMessageId,
    @JsonProperty("status") String status) {}
