package com.omnichannel.api.provider;

import com.omnichannel.api.conversation.DeliveryStatus;

/**
 * A provider's report on a message we sent it, in our terms.
 *
 * @param providerMessageId the provider's id of the message, which its send gave us
 * @param status what became of it
 * @param error why it failed, as the provider says; null unless failed
 */
public record StatusUpdate(String providerMessageId, DeliveryStatus status, String error) {

  /** What a message's delivery error can hold. */
  static final int MAX_ERROR_LENGTH = 500;

  public StatusUpdate {
    if (error != null && error.length() > MAX_ERROR_LENGTH) {
      error = error.substring(0, MAX_ERROR_LENGTH);
    }
  }
}
