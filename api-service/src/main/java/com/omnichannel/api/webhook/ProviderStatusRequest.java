package com.omnichannel.api.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A provider's report on a message we sent it: found by our {@code message_id} or by its own {@code
 * provider_message_id}.
 *
 * @param status {@code delivered}, {@code read} or {@code failed}
 * @param error why delivery failed, when it did
 */
record ProviderStatusRequest(
    @JsonProperty("company_id") @NotNull @Positive Long companyId,
    @JsonProperty("channel_id") @NotNull @Positive Long channelId,
    @JsonProperty("message_id") @Positive Long messageId,
    @JsonProperty("provider_message_id") @Size(max = 255) String providerMessageId,
    @NotNull
        @Pattern(regexp = "delivered|read|failed", message = "must be delivered, read or failed")
        String status,
    @Size(max = 500) String error) {

  @AssertTrue(message = "message_id or provider_message_id is required")
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  boolean isIdentified() {
    return messageId != null || (providerMessageId != null && !providerMessageId.isBlank());
  }
}
