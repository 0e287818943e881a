package com.omnichannel.api.inbox;

import com.omnichannel.api.conversation.ConversationStatus;
import com.omnichannel.api.conversation.OwnerType;

/** What the inbox lists; null fields do not filter. */
record InboxFilter(ConversationStatus status, OwnerType ownerType, Long ownerId, Long channelId) {

  /**
   * The filter a client spells.
   *
   * @throws com.omnichannel.api.web.InvalidRequestException when a status or owner type is not one
   */
  static InboxFilter parse(String status, String ownerType, Long ownerId, Long channelId) {
    return new InboxFilter(
        status == null ? null : ConversationStatus.parse(status),
        ownerType == null ? null : OwnerType.parse(ownerType),
        ownerId,
        channelId);
  }
}
