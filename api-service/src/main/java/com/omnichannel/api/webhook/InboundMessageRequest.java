package com.omnichannel.api.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.omnichannel.api.conversation.Message;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A provider's delivery of one inbound message.
 *
 * @param from the contact's phone number (phone channels) or email address (email channels)
 * @param channelMessageId the provider's id of the message; a repeat is a retry
 */
record InboundMessageRequest(
    @JsonProperty("company_id") @NotNull @Positive Long companyId,
    @JsonProperty("channel_id") @NotNull @Positive Long channelId,
    @NotBlank @Size(max = 320) String from,
    @NotBlank @Size(max = Message.MAX_TEXT_LENGTH) String text,
    @JsonProperty("channel_message_id") @NotBlank @Size(max = 255) String channelMessageId) {}
