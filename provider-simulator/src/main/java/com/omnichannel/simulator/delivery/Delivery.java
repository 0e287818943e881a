package com.omnichannel.simulator.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body the API posts for one outbound message: what the provider is asked to send. */
record Delivery(
    @JsonProperty("message_id") Long messageId,
    @JsonProperty("conversation_id") Long conversationId,
    @JsonProperty("company_id") Long companyId,
    @JsonProperty("channel_id") Long channelId,
    @JsonProperty("to") String to,
    @JsonProperty("sender") String sender,
    @JsonProperty("text") String text,
    @JsonProperty("created_at") String createdAt) {}
